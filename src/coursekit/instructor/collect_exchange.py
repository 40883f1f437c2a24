"""nbgrader's collect, collecting only screened submissions at the times the exchange vouches for.

`ScreenedCollect` plugs into nbgrader through its own extension point (`ExchangeFactory.collect`), so
`nbgrader collect` still finds, copies, updates and logs as always; only which folder stands for each student,
and the time recorded for it, come from `collect_inbound`. nbgrader's collect would pick each student's newest
folder by the time in its name and warn of, yet collect, a folder owned by someone else; this one never lets a
refused folder reach submitted/ (nor touches it in the exchange), and writes the exchange's time into
`timestamp.txt` of a submission whose own time it does not corroborate, so autograde's late penalty uses it.
What it found goes to reports/collect-<chapter>.json (`report_path`).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dateutil.tz import gettz
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import check_mode

from coursekit.instructor.collect_inbound import (
    TIMESTAMP_FILE,
    TOLERANCE,
    InboundSubmission,
    newest_per_student,
    screen_inbound,
    user_name,
)

__all__ = ["ScreenedCollect", "report_path"]

SECRET_FILE = "submission_secret.txt"


def report_path(course_root: Path, chapter: str) -> Path:
    """Where a collect of `chapter` writes what it found (reports/ beside the grades, never in submitted/)."""
    return course_root / "reports" / f"collect-{chapter}.json"


class ScreenedCollect(ExchangeCollect):  # type: ignore[misc]
    """ExchangeCollect whose records are each student's newest screened submission, timed by the exchange."""

    def init_src(self) -> None:
        # nbgrader's own checks; its listing is not used, as it parses the student-chosen time in each name
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        if self.before_duedate:
            self.fail("--before-duedate picks by the students' own times: collect without it")
        self.inbound_path = os.path.join(self.root, self.coursedir.course_id, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        self.screened = screen_inbound(
            Path(self.inbound_path),
            self.coursedir.assignment_id,
            student=self.coursedir.student_id or "*",
            trusted={os.geteuid()},
        )
        self.chosen = {item.folder.name: item for item in newest_per_student(self.screened)}
        self.copied: set[str] = set()
        self.check_owner = False  # refused above, not merely warned of
        self.src_records = [
            {
                "username": item.student,
                "filename": item.folder.name,
                "timestamp": item.submitted.replace(tzinfo=None),  # nbgrader compares naive UTC times
            }
            for item in self.chosen.values()
        ]

    def copy_files(self) -> None:
        self._drop_refused_copies()
        super().copy_files()
        held = {name for name, item in self.chosen.items() if self._holds(item)}
        for name in held:
            if self.chosen[name].flagged:
                self._record_time(self.chosen[name])
        self._write_report(held)

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        super().do_copy(src, dest, log)
        self.copied.add(os.path.basename(src))

    def _destination(self, student: str) -> Path:
        return Path(
            self.coursedir.format_path(self.coursedir.submitted_directory, student, self.coursedir.assignment_id)
        )

    def _holds(self, item: InboundSubmission) -> bool:
        """Does submitted/ hold a copy of this very submission, made now or by an earlier collect?"""
        copy, own = self._destination(item.student), _secret(item.folder)
        return item.folder.name in self.copied or (own is not None and copy.is_dir() and _secret(copy) == own)

    def _record_time(self, item: InboundSubmission) -> None:
        """The exchange's time in the copy's timestamp.txt, in nbgrader's format, which autograde reads."""
        stamp = self._destination(item.student) / TIMESTAMP_FILE
        text = item.submitted.astimezone(gettz(self.timezone)).strftime(self.timestamp_format)
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != text:
            stamp.write_text(text, encoding="utf-8")

    def _drop_refused_copies(self) -> None:
        """Remove from submitted/ a copy of a refused folder that a plain `nbgrader collect` made earlier."""
        accepted = {_secret(item.folder) for item in self.screened if not item.refusal}
        refused = {_secret(item.folder) for item in self.screened if item.refusal} - accepted - {None}
        for student in {item.student for item in self.screened}:
            dest = self._destination(student)
            if dest.is_dir() and _secret(dest) in refused:
                self.log.warning("Removing %s: a copy of a refused submission, collected earlier", dest)
                shutil.rmtree(dest)

    def _write_report(self, held: set[str]) -> None:
        path = report_path(Path(self.coursedir.root), self.coursedir.assignment_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "chapter": self.coursedir.assignment_id,
            "collected_at": datetime.now(timezone.utc).isoformat(),
            "collected_by": user_name(os.geteuid()),
            "tolerance_seconds": TOLERANCE.total_seconds(),
            "collected": [
                {**_timed(item), "copied": name in self.copied, "in_submitted": name in held}
                for name, item in self.chosen.items()
            ],
            "refused": [
                {"student": item.student, "owners": list(item.owners), "folder": str(item.folder), "why": item.refusal}
                for item in self.screened
                if item.refusal
            ],
            "flagged": [
                {**_timed(item), "newest": item.folder.name in self.chosen, "collected": item.folder.name in held}
                for item in self.screened
                if item.flagged and not item.refusal
            ],
        }
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _timed(item: InboundSubmission) -> dict[str, Any]:
    return {
        "student": item.student,
        "folder": str(item.folder),
        "recorded": item.submitted.isoformat(),
        "stated": None if item.stated is None else item.stated.isoformat(),
        "changed": item.changed.isoformat(),
    }


def _secret(folder: Path) -> str | None:
    """The submission's secret (nbgrader submit writes a fresh one each time): which inbound folder a copy is of."""
    try:
        return (folder / SECRET_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
