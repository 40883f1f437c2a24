"""`coursekit demo`, the README's main command: a synthetic cohort from release to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.cli import main
from repo import REPO

pytestmark = pytest.mark.nbgrader


def test_demo_runs_every_step_and_says_where_to_look(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the demo release, simulate, grade, give feedback and report, then print the paths?"""
    folder = tmp_path / "demo"
    assert main(["demo", "--course", str(REPO), "--into", str(folder), "--students", "3", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    for line in ("Report:", "Grades CSV:", "Feedback:", "Gradebook:"):
        assert line in out
    assert (folder / "reports" / "report.html").is_file()
    assert len((folder / "reports" / "grades.csv").read_text().splitlines()) == 4
    assert list(folder.glob("feedback/*/ch03/ch03.html"))
    assert "ch05" in out and "graded" in out


def test_demo_never_wipes_a_folder_it_did_not_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is an existing folder that is not a demo left alone, with a clear message?"""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    assert main(["demo", "--course", str(REPO), "--into", str(tmp_path / "mine")]) == 2
    assert "not a demo folder" in capsys.readouterr().err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
