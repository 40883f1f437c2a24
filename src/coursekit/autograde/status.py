"""What each submission's last grading gave, with a fingerprint of its files, so re-runs grade only news."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["GRADED", "FAILED", "TIMED_OUT", "UNCHANGED", "GradeRecord", "GradeStatus", "fingerprint"]

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


def fingerprint(folder: Path) -> str:
    """A hash of every file's relative path and bytes (symlinks by their target, never followed)."""
    digest = hashlib.sha256()
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


class GradeStatus:
    """autograded/coursekit-status.json: one record per chapter/student, rewritten atomically."""

    def __init__(self, path: Path):
        self.path = path
        self.records: dict[str, GradeRecord] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.records = {label: GradeRecord(**record) for label, record in raw.items()}
        except FileNotFoundError:
            pass
        except (ValueError, TypeError, AttributeError):
            # unreadable status (bad JSON, not an object of records) only costs a full re-grade; never trust part
            self.records = {}

    def get(self, chapter: str, student: str) -> GradeRecord | None:
        return self.records.get(f"{chapter}/{student}")

    def record(self, outcome: GradeRecord) -> None:
        self.records[f"{outcome.chapter}/{outcome.student}"] = outcome
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({label: asdict(r) for label, r in sorted(self.records.items())}, indent=1)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".status-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, self.path)
