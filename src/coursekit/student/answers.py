"""The answer store: `answers.json` beside the notebook, one JSON object mapping exercise id to answer."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWERS_FILE",
    "LOCK_FILE",
    "MAX_BYTES",
    "AnswerStoreWarning",
    "answers_path",
    "load_answers",
    "lock_path",
    "read_answers",
    "save_answer",
]

ANSWERS_FILE = "answers.json"
MAX_BYTES = 1_000_000  # far above any real set of answers; a larger file is not read at all
# Inside Jupyter's own checkpoint folder, which nbgrader's default CourseDirectory.ignore skips when it submits,
# collects, releases or generates an assignment: the lock never travels with a student's work.
LOCK_FILE = Path(".ipynb_checkpoints") / "answers.lock"

try:  # POSIX; on Windows saves from one kernel are still serialised by the thread lock below
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

_THREAD_LOCK = threading.Lock()


class AnswerStoreWarning(UserWarning):
    """An answers file could not be read or written; the message names the file and the problem."""


def answers_path(folder: str | os.PathLike[str] | None = None) -> Path:
    """The answers file of a notebook folder (the working directory, where Jupyter starts the kernel)."""
    return Path(folder if folder is not None else os.getcwd()).resolve() / ANSWERS_FILE


def lock_path(path: Path) -> Path:
    """The lock file that serialises saves of an answers file (the same for every kernel using that folder)."""
    return path.parent / LOCK_FILE


def load_answers(path: Path) -> tuple[dict[str, Any], str | None]:
    """Read the answers file: (answers, None), or ({}, what is wrong with it). A missing file is empty."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}, f"is {path.stat().st_size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:g} MB limit for answers"
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        return {}, f"cannot be read ({error.strerror or error})"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return {}, "is not UTF-8 text"
    except json.JSONDecodeError as error:
        return {}, f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
    except RecursionError:
        return {}, "is nested too deeply to read"
    except ValueError:  # what json raises for an integer over Python's digit limit (not a JSONDecodeError)
        return {}, "holds a number too long to read"
    if not isinstance(data, dict):
        return {}, f"holds a JSON {type(data).__name__} instead of an object of answers"
    return data, None


def read_answers(path: Path) -> dict[str, Any]:
    """Read the answers file; a damaged one gives a warning naming it and reads as no answers."""
    answers, problem = load_answers(path)
    if problem is not None:
        warnings.warn(f"{path} {problem}; its answers are ignored.", AnswerStoreWarning, stacklevel=2)
    return answers


def save_answer(path: Path, exercise_id: str, value: Any) -> None:
    """Store one answer, keeping every other exercise's, and replace the file atomically.

    A damaged file is never overwritten silently: it is first copied aside and the copy named in a warning.
    Raises OSError when the folder cannot be written (the caller reports it; the answer stays in memory).
    """
    with _store_lock(path):
        answers, problem = load_answers(path)
        if problem is not None and path.exists():
            backup = _keep_copy(path)
            warnings.warn(
                f"{path} {problem}; it was kept as {backup.name} and a new file was started.",
                AnswerStoreWarning,
                stacklevel=3,
            )
        answers[exercise_id] = value
        _write_atomically(path, answers)


def _keep_copy(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    shutil.copy2(path, backup)
    return backup


def _write_atomically(path: Path, answers: dict[str, Any]) -> None:
    text = json.dumps(answers, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    handle, temp_name = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp makes 0600; submit and collect copy it as any other file
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


@contextlib.contextmanager
def _store_lock(path: Path) -> Iterator[None]:
    """Serialise read-modify-write of the answers file between threads and between kernels.

    A POSIX byte-range lock on a file opened for writing: NFS serves it (NLM, NFSv4), where `flock` on the
    folder fails because Linux emulates it there with the same byte-range locks, which need write access.
    """
    # Record locks belong to the process, and closing any descriptor of the file drops them: the thread lock
    # keeps one kernel's saves from sharing (and releasing) each other's lock.
    with _THREAD_LOCK:
        if fcntl is None:  # pragma: no cover
            yield
            return
        lock = lock_path(path)
        descriptor = _open_lock(lock)
        try:
            _wait_for_lock(descriptor, lock)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock


# The widget shows only an error's strerror, next to the answers file: these name the lock file as the cause.


def _open_lock(lock: Path) -> int:
    try:
        lock.parent.mkdir(exist_ok=True)  # Jupyter makes it on a notebook's first save; a kernel may come first
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise OSError(error.errno, f"{error.strerror}: the lock file {lock} cannot be created", str(lock)) from error


def _wait_for_lock(descriptor: int, lock: Path) -> None:
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX)
    except OSError as error:
        if error.errno == errno.ENOLCK:  # an NFS mount without its lock service: saving beats losing every answer
            warnings.warn(
                f"{lock.parent.parent} cannot be locked (its file server runs no lock service), so answers are "
                "saved without a lock: keep only one notebook of this folder open at a time.",
                AnswerStoreWarning,
                stacklevel=4,
            )
            return
        raise OSError(
            error.errno,
            f"{error.strerror}: the lock file {lock} cannot be locked; its file server must allow locking",
            str(lock),
        ) from error
