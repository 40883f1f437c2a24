"""`coursekit collect`: what it says when it cannot collect (the collecting itself: tests/test_exchange.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.instructor.collect import CollectError, CollectReport, collect
from coursekit.instructor.collect_exchange import report_path


def test_an_unknown_chapter_is_named_with_the_known_ones(tiny_course: Path) -> None:
    """Is a mistyped chapter refused before nbgrader runs, listing the chapters there are?"""
    with pytest.raises(CollectError, match=r"unknown chapter 'ps2'; chapters are ps1"):
        collect(course_root=tiny_course, chapter="ps2")


@pytest.mark.nbgrader
def test_a_missing_exchange_is_nbgraders_error_with_the_next_step(
    tiny_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no course in the exchange, does the command exit 2 quoting nbgrader, say what to fix, leave no report?"""
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o777)
    monkeypatch.setenv("COURSEKIT_EXCHANGE_ROOT", str(exchange))
    report_path(tiny_course, "ps1").parent.mkdir()
    report_path(tiny_course, "ps1").write_text("{}")  # an earlier run's: must not pass for this one's
    assert main(["collect", "ps1", "--course", str(tiny_course)]) == 2
    error = capsys.readouterr().err.splitlines()[-1]
    assert error.startswith("coursekit collect: nbgrader collect ps1 failed (exit 1): ")
    assert f"Course not found: {exchange}/mlops/inbound" in error
    assert error.endswith("then run `coursekit collect ps1` again")
    assert not report_path(tiny_course, "ps1").exists()


def test_the_report_says_what_became_of_each_flagged_submission(tmp_path: Path) -> None:
    """Does each flagged line say whether the late penalty counts from the exchange's time, and what to run if not?"""
    times = {"stated": "2020-01-01T09:00:00+00:00", "changed": "2026-05-04T10:11:12.345678+00:00"}
    flagged = [
        {**times, "student": "ada", "folder": "/x/ada+ch01+a", "newest": True, "collected": True},
        {**times, "student": "bo", "folder": "/x/bo+ch01+b", "newest": True, "collected": False},
        {**times, "student": "cy", "folder": "/x/cy+ch01+c", "newest": False, "collected": False},
    ]
    collected = [
        {"student": "ada", "copied": True, "in_submitted": True},
        {"student": "bo", "copied": False, "in_submitted": False},
        {"student": "cy", "copied": False, "in_submitted": True},
    ]
    report = CollectReport(
        tmp_path / "r.json", {"chapter": "ch01", "collected": collected, "refused": [], "flagged": flagged}
    )
    said = "its timestamp.txt says 2020-01-01 09:00:00 UTC, the exchange saw it last change at 2026-05-04 10:11:12 UTC"
    assert report.lines() == [
        f"flagged ada's ch01: {said}; recorded as submitted then, so the late penalty counts from there: /x/ada+ch01+a",
        f"flagged bo's ch01: {said}; submitted/ still holds an older copy: run `coursekit collect --update ch01`: "
        "/x/bo+ch01+b",
        f"flagged cy's ch01: {said}; not collected, a newer submission is: /x/cy+ch01+c",
        "collected 3 submissions of ch01 (1 copied to submitted/, 1 already there, 1 older copy kept: run with "
        f"--update to replace), 0 refused, 3 flagged: {tmp_path / 'r.json'}",
    ]
