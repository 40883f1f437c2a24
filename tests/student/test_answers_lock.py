"""The answer store's lock: a POSIX record lock on a file nbgrader skips, excluding other kernels' saves."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import find_all_files

from coursekit import FillIn
from coursekit.student.answers import AnswerStoreWarning, answers_path, lock_path, save_answer

# A kernel that saves `count` answers once told to start, so that every process saves at the same time.
SAVER = textwrap.dedent(
    """
    import sys
    from coursekit.student.answers import answers_path, save_answer

    folder, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()
    for index in range(count):
        save_answer(answers_path(folder), f"{prefix}.{index}", [prefix, index])
    """
)

# Another process holding the lock, as any POSIX locker would, until its stdin says so (or closes).
HOLDER = textwrap.dedent(
    """
    import fcntl, os, sys

    descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.lockf(descriptor, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.readline()
    """
)


def start(script: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_processes_saving_at_once_lose_no_answer(workdir: Path) -> None:
    """Do 8 kernels saving 50 exercises each into one folder, all at once, leave all 400 answers in valid JSON?"""
    savers = [start(SAVER, workdir, f"kernel{number}", 50) for number in range(8)]
    try:
        for saver in savers:
            assert saver.stdout is not None and saver.stdout.readline() == "ready\n", saver.communicate()[1]
        for saver in savers:
            assert saver.stdin is not None
            saver.stdin.write("go\n")
            saver.stdin.flush()
        for saver in savers:
            _, errors = saver.communicate(timeout=300)
            assert saver.returncode == 0, errors
    finally:
        for saver in savers:
            saver.kill()
            saver.wait()
    saved = json.loads(answers_path(workdir).read_text(encoding="utf-8"))
    assert saved == {f"kernel{n}.{index}": [f"kernel{n}", index] for n in range(8) for index in range(50)}


@contextmanager
def lock_held_by_another_process(lock: Path) -> Iterator[subprocess.Popen[str]]:
    """A process holding the lock; it lets go when its stdin gets a line, or at the latest when the test ends."""
    holder = start(HOLDER, lock)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n", holder.communicate()[1]
        yield holder
    finally:
        holder.communicate(timeout=60)  # closes its stdin: the holder exits and its lock goes with it


def lock_lines(lock: Path) -> list[list[str]]:
    """The kernel's table of file locks (/proc/locks), the lines about the lock file, split into fields."""
    inode = f":{lock.stat().st_ino}"
    lines = Path("/proc/locks").read_text().splitlines()
    return [line.split()[1:] for line in lines if any(field.endswith(inode) for field in line.split())]


def waiting_for(lock: Path, pid: int, within: float) -> bool:
    """Wait until process `pid` is queued for a POSIX write lock on the file (shown as `-> POSIX ... WRITE pid`)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if ["->", "POSIX", "ADVISORY", "WRITE", str(pid)] in [fields[:5] for fields in lock_lines(lock)]:
            return True
        time.sleep(0.05)
    return False


def test_a_save_waits_while_another_process_holds_the_lock(workdir: Path) -> None:
    """While another process holds the lock, does a save queue for a POSIX write lock (the kind NFS serves) and
    write nothing, then complete once the lock is released?"""
    path = answers_path()
    lock = lock_path(path)
    lock.parent.mkdir()
    saver = threading.Thread(target=save_answer, args=(path, "ch01.a", "x"))
    with lock_held_by_another_process(lock) as holder:
        assert ["POSIX", "ADVISORY", "WRITE", str(holder.pid)] in [fields[:4] for fields in lock_lines(lock)]
        saver.start()
        assert waiting_for(lock, os.getpid(), within=120), f"the save never queued for the lock: {lock_lines(lock)}"
        assert saver.is_alive()
        assert not path.exists()
        assert holder.stdin is not None
        holder.stdin.write("release\n")
        holder.stdin.flush()
        saver.join(timeout=60)
    assert not saver.is_alive()
    assert json.loads(path.read_text(encoding="utf-8")) == {"ch01.a": "x"}


def test_a_lock_file_that_cannot_be_made_fails_the_save_and_the_widget_says_why(workdir: Path) -> None:
    """If the lock file cannot be created, does the save raise an OSError naming the lock file, keeping the
    answers saved before, and does the widget show it as "Not saved"?"""
    path = answers_path()
    path.write_text('{"ch01.a": "x"}', encoding="utf-8")
    (workdir / ".ipynb_checkpoints").write_text("a file where Jupyter's folder should be")
    cause = f"File exists: the lock file {lock_path(path)} cannot be created"
    with pytest.raises(OSError) as failure:
        save_answer(path, "ch01.b", "y")
    assert failure.value.strerror == cause
    widget = FillIn("ch01.b")
    with pytest.warns(AnswerStoreWarning, match="Not saved"):
        widget.value = "y"
    assert widget.problem == f"Not saved: {path} cannot be written ({cause})."
    assert json.loads(path.read_text(encoding="utf-8")) == {"ch01.a": "x"}


def test_a_file_server_without_locking_still_saves_and_says_why(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On an NFS mount whose lock service is down (lockf fails with ENOLCK), is every answer still saved, with
    a warning that says why and what to do?"""

    def no_lock_service(descriptor: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "lockf", no_lock_service)
    path = answers_path()
    with pytest.warns(AnswerStoreWarning, match="keep only one notebook of this folder open") as caught:
        save_answer(path, "ch01.a", "x")
        save_answer(path, "ch01.b", "y")
    assert str(workdir) in str(caught[0].message)
    assert json.loads(path.read_text(encoding="utf-8")) == {"ch01.a": "x", "ch01.b": "y"}


def test_generate_assignment_and_autograde_leave_the_lock_file_behind(workdir: Path) -> None:
    """Do nbgrader's copies of a folder's other files (generate_assignment, autograde) skip the lock file?"""
    path = answers_path()
    save_answer(path, "ch01.a", "x")
    assert lock_path(path).is_file()
    # as nbgrader's converters/base.py (init_assignment) and converters/autograde.py pick the files to copy
    copied = find_all_files(str(workdir), CourseDirectory().ignore + ["*.ipynb"])
    assert copied == [str(path)]


@pytest.mark.nbgrader
def test_nbgrader_submit_leaves_the_lock_file_behind(tmp_path: Path) -> None:
    """Does a real `nbgrader submit` of a folder with saved answers carry answers.json but not the lock file?"""
    exchange = tmp_path / "exchange"
    release = exchange / "course101" / "outbound" / "ps1"
    release.mkdir(parents=True)
    (exchange / "course101" / "inbound").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), release / "ps1.ipynb")
    home = tmp_path / "home"
    folder = home / "ps1"
    folder.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), folder / "ps1.ipynb")
    save_answer(answers_path(folder), "ps1.a", "x")
    assert lock_path(answers_path(folder)).is_file()
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    command = [nbgrader, "submit", "ps1", "--course=course101"]
    command += [f"--Exchange.root={exchange}", f"--Exchange.cache={tmp_path / 'cache'}"]
    run = subprocess.run(command, cwd=home, env={**os.environ, "HOME": str(home)}, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    [submission] = (exchange / "course101" / "inbound").iterdir()
    [cached] = (tmp_path / "cache" / "course101").iterdir()
    for copy in (submission, cached):
        files = sorted(str(p.relative_to(copy)) for p in copy.rglob("*"))
        assert files == ["answers.json", "ps1.ipynb", "submission_secret.txt", "timestamp.txt"]
