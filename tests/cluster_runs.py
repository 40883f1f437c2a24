"""`coursekit grade` run as a command against a PostgreSQL gradebook, and what it leaves: for the cluster tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.course import Course
from gradebook_reader import scores_and_penalties

__all__ = ["COURSEKIT", "SUBMISSIONS", "finished", "grade", "grades", "journal_lines", "statuses", "submitted"]

COURSEKIT = str(Path(sys.executable).with_name("coursekit"))
SUBMISSIONS = 10  # the session's cohort: 5 students x 2 chapters


def grade(course: Path, url: str | None, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`coursekit grade --course COURSE ARGS`, started, with COURSEKIT_DB_URL set to `url`."""
    environment = {**os.environ, **(env or {})}
    if url:
        environment["COURSEKIT_DB_URL"] = url
    command = [COURSEKIT, "grade", "--course", str(course), *args]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of a started command."""
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def grades(course: Path, url: str) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(student, chapter, grade cell) to (score, late penalty), read from the PostgreSQL gradebook at `url`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSEKIT_DB_URL", url)
        return scores_and_penalties(Course.at(course))


def statuses(course: Path) -> list[tuple[str, str, str]]:
    """(chapter, student, status) of every submission in the status file."""
    records = json.loads((course / "autograded" / "coursekit-status.json").read_text())
    return sorted((r["chapter"], r["student"], r["status"]) for r in records.values())


def journal_lines(course: Path) -> int:
    """Outcomes recorded so far by a run still going (one journal line each)."""
    journal = course / "autograded" / ".coursekit-status.journal"
    return len(journal.read_text().splitlines()) if journal.is_file() else 0


def submitted(course: Path) -> list[tuple[str, str]]:
    """(student, chapter) of every submission folder."""
    return [(s.name, c.name) for s in (course / "submitted").iterdir() for c in s.iterdir()]
