"""What each submission's last grading gave, with a fingerprint of its files, so re-runs grade only news."""

from __future__ import annotations

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
