"""What each submission's last grading gave, with a fingerprint of its files, so re-runs grade only news."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import coursekit
import coursekit.scoring

__all__ = [
    "GRADED",
    "FAILED",
    "TIMED_OUT",
    "UNCHANGED",
    "GradeRecord",
    "GradeStatus",
    "fingerprint",
    "grading_inputs",
]

GRADED, FAILED, TIMED_OUT, UNCHANGED = "graded", "failed", "timed out", "unchanged"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class GradeRecord:
    """The outcome of grading one submission."""

    chapter: str
    student: str
    status: str
    reason: str
    fingerprint: str
    seconds: float

    @property
    def needs_review(self) -> bool:
        """Not graded, or graded with a note (a missing or damaged answers.json, say)."""
        return self.status in (FAILED, TIMED_OUT) or bool(self.reason)


def fingerprint(folder: Path, grading: str = "") -> str:
    """A hash of every file's relative path and bytes (symlinks by their target, never followed), and of
    what grades them (`grading_inputs`), so a changed key or scoring rule regrades too."""
    digest = hashlib.sha256(grading.encode() + b"\0")
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode("utf-8", "surrogateescape"))
        elif path.is_file():
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def grading_inputs(source_notebook: Path) -> str:
    """A hash of what turns a chapter's answers into points: the coursekit version, its scoring code, and the
    source notebook's code and graded cells (hidden tests, points). Reading text can change freely."""
    digest = hashlib.sha256(coursekit.__version__.encode() + b"\0")
    for code in sorted(Path(coursekit.scoring.__file__).parent.glob("*.py")):
        digest.update(code.read_bytes())
    try:
        raw = source_notebook.read_bytes()
    except OSError:
        return digest.hexdigest() + ":no-source"
    try:
        cells = json.loads(raw)["cells"]
        digest.update(json.dumps([_grading_part(cell) for cell in cells], sort_keys=True).encode())
    except (ValueError, TypeError, KeyError, AttributeError):
        digest.update(raw)  # not a notebook we can read: any change to it counts
    return digest.hexdigest()


def _grading_part(cell: Any) -> Any:
    grading = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") == "code" or grading.get("grade") or grading.get("solution"):
        return [cell.get("cell_type"), cell.get("source"), grading]
    return None


class GradeStatus:
    """autograded/coursekit-status.json: one record per chapter/student.

    A record is appended as one JSON line to a journal beside the file (.coursekit-status.journal), so a run
    stopped at any point keeps what it recorded, and recording costs the same for the last student as the first.
    `close` (the end of a run) folds the journal into the JSON, rewritten atomically; so does the next load of a
    run that never closed. A journal line wins over the JSON. A run holds a shared lock on the journal while it
    appends, and folding takes an exclusive one without waiting: a reader (the report, a second run) never folds
    away a journal a run is still writing to; it reads the records and leaves the fold to that run.
    """

    def __init__(self, path: Path):
        self.path = path
        self.journal = path.with_name(f".{path.stem}.journal")
        self._appending: int | None = None  # the journal, opened by the first record and locked until `close`
        self.records = _read(path, self.journal)
        if self.journal.exists():  # left by a run that was stopped, or by one still going (then not folded)
            try:
                descriptor = os.open(self.journal, os.O_RDWR)
            except OSError:  # gone meanwhile, or not ours to write: the records were read all the same
                return
            try:
                self._fold(descriptor)
            finally:
                os.close(descriptor)

    def __enter__(self) -> GradeStatus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, chapter: str, student: str) -> GradeRecord | None:
        return self.records.get(f"{chapter}/{student}")

    def record(self, outcome: GradeRecord) -> None:
        """Keep `outcome` at once: one line appended to the journal, in one write, whatever the cohort's size."""
        self.records[_label(outcome)] = outcome
        line = memoryview((json.dumps(asdict(outcome)) + "\n").encode())  # ASCII: json escapes the rest
        descriptor = self._journal()
        while line:  # one write, unless the disk fills up mid-line (then the next write raises)
            line = line[os.write(descriptor, line) :]

    def close(self) -> None:
        """Fold the journal into the JSON (left to the other run if another one still appends to it)."""
        if self._appending is None:
            return
        descriptor, self._appending = self._appending, None
        try:
            self._fold(descriptor)
        finally:
            os.close(descriptor)  # drops the lock

    def _journal(self) -> int:
        if self._appending is not None:
            return self._appending
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            descriptor = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            _lock(descriptor, exclusive=False, wait=True)  # waits only while someone folds
            if _same_file(descriptor, self.journal):
                break
            os.close(descriptor)  # folded and removed while we waited: start a new one
        size = os.fstat(descriptor).st_size
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            os.write(descriptor, b"\n")  # a line cut off by a stopped run: ours must not be glued to it
        self._appending = descriptor
        return descriptor

    def _fold(self, descriptor: int) -> None:
        """Rewrite the JSON with the journal's records and remove the journal, if no run appends to it. Folding
        only tidies up: when it cannot happen (locked, or a folder we may only read) the journal keeps every record."""
        if not _lock(descriptor, exclusive=True, wait=False) or not _same_file(descriptor, self.journal):
            return
        try:
            self.records = _read(self.path, self.journal)  # now, under the lock: another run may have added lines
            _write_json(self.path, self.records)
            self.journal.unlink()  # after the JSON holds its lines: a stop in between only replays them again
        except OSError:
            pass


def _label(record: GradeRecord) -> str:
    return f"{record.chapter}/{record.student}"


def _read(path: Path, journal: Path) -> dict[str, GradeRecord]:
    records: dict[str, GradeRecord] = {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        records = {label: GradeRecord(**record) for label, record in raw.items()}
    except FileNotFoundError:
        pass
    except (ValueError, TypeError, AttributeError):
        # unreadable status (bad JSON, not an object of records) only costs a full re-grade; never trust part
        records = {}
    return records | _replay(journal)


def _replay(journal: Path) -> dict[str, GradeRecord]:
    """The journal's records, the last one per submission. Each line stands alone: one that cannot be read (cut
    off by a run stopped mid-write) is skipped, costing at most a re-grade of its submission."""
    try:
        lines = journal.read_bytes().splitlines()
    except FileNotFoundError:
        return {}
    records: dict[str, GradeRecord] = {}
    for line in lines:
        try:
            record = GradeRecord(**json.loads(line))
        except (ValueError, TypeError):
            continue
        records[_label(record)] = record
    return records


def _write_json(path: Path, records: dict[str, GradeRecord]) -> None:
    text = json.dumps({label: asdict(r) for label, r in sorted(records.items())}, indent=1)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".status-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _lock(descriptor: int, *, exclusive: bool, wait: bool) -> bool:
    """flock the journal; False if another process holds it, or its file system refuses (then nobody folds)."""
    operation = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
    try:
        fcntl.flock(descriptor, operation)
    except OSError:
        return False
    return True


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(descriptor), os.stat(path))
    except FileNotFoundError:
        return False
