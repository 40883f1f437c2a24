"""`coursekit collect CHAPTER`: nbgrader's collect, refusing submissions handed in under another student's name
and timing each by the exchange's clock rather than by the time the student wrote (see `collect_inbound`).

It runs `nbgrader collect` in the course folder with `ScreenedCollect` as its collect plugin, then reads what the
plugin found from reports/collect-<chapter>.json and says it in a few lines.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.instructor.collect_exchange import ScreenedCollect, report_path
from coursekit.nbgrader_run import run_nbgrader

__all__ = ["CollectError", "CollectReport", "collect"]

PLUGIN = f"{ScreenedCollect.__module__}.{ScreenedCollect.__qualname__}"


class CollectError(CoursekitError):
    """The collect could not run; the message says why and what to do."""


@dataclass(frozen=True)
class CollectReport:
    """What a collect found, as reports/collect-<chapter>.json holds it."""

    path: Path
    data: dict[str, Any]

    @property
    def chapter(self) -> str:
        return str(self.data["chapter"])

    def lines(self) -> list[str]:
        """One line per refused or flagged submission, then the summary."""
        chapter, collected = self.chapter, self.data["collected"]
        lines = [
            f"refused {item['student']}'s {chapter}: {item['why']}; left in the exchange, not collected: "
            f"{item['folder']} (ask {item['student']} to submit it themselves if it is theirs)"
            for item in self.data["refused"]
        ]
        lines += [_flagged_line(item, chapter) for item in self.data["flagged"]]
        copied = sum(1 for item in collected if item["copied"])
        kept = sum(1 for item in collected if not item["in_submitted"])
        older = f", {kept} older cop{'y' if kept == 1 else 'ies'} kept: run with --update to replace" if kept else ""
        lines.append(
            f"collected {len(collected)} submission{'' if len(collected) == 1 else 's'} of {chapter} "
            f"({copied} copied to submitted/, {len(collected) - copied - kept} already there{older}), "
            f"{len(self.data['refused'])} refused, {len(self.data['flagged'])} flagged: {self.path}"
        )
        return lines


def _flagged_line(flagged: dict[str, Any], chapter: str) -> str:
    said = f"says {_shown(flagged['stated'])}" if flagged["stated"] else "holds no time"
    if flagged["collected"]:
        fate = "recorded as submitted then, so the late penalty counts from there"
    elif flagged["newest"]:
        fate = f"submitted/ still holds an older copy: run `coursekit collect --update {chapter}`"
    else:
        fate = "not collected, a newer submission is"
    return (
        f"flagged {flagged['student']}'s {chapter}: its timestamp.txt {said}, the exchange saw it last change at "
        f"{_shown(flagged['changed'])}; {fate}: {flagged['folder']}"
    )


def _shown(time: str) -> str:
    """A UTC time from the report as people read it, to the second."""
    return time[:19].replace("T", " ") + " UTC"


def _cause(output: str) -> str:
    """nbgrader's first critical message without its log prefix, else its last line (a traceback's error)."""
    lines = output.strip().splitlines()
    critical = [line.split("] ", 1)[1] for line in lines if line.startswith("[") and "| CRITICAL] " in line]
    return critical[0] if critical else lines[-1] if lines else "no output"


def collect(*, course_root: Path, chapter: str, update: bool = False, log: TextIO | None = None) -> CollectReport:
    """Collect `chapter`'s screened submissions into submitted/ (replacing older copies with `update`);
    nbgrader's own log goes to `log` (default: stderr)."""
    course = Course.at(course_root)
    known = course.chapters()
    if chapter not in known:
        raise CollectError(f"unknown chapter {chapter!r}; chapters are {', '.join(known) or 'none (no source/)'}")
    report = report_path(course.root, chapter)
    report.unlink(missing_ok=True)  # so a failed run never shows an earlier run's findings
    flags = ["--update"] if update else []
    done = run_nbgrader(course.root, "collect", f"--ExchangeFactory.collect={PLUGIN}", *flags, chapter)
    (log or sys.stderr).write(done.stdout + done.stderr)
    if done.returncode != 0 or not report.is_file():
        raise CollectError(
            f"nbgrader collect {chapter} failed (exit {done.returncode}): {_cause(done.stdout + done.stderr)}; "
            f"fix that (the exchange root and course id are in nbgrader_config.py), then run "
            f"`coursekit collect {chapter}` again"
        )
    return CollectReport(report, json.loads(report.read_text(encoding="utf-8")))
