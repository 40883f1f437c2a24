"""`nbgrader validate` on a released chapter names each unanswered exercise, and passes a fully answered one
whatever its answers are worth (real nbgrader, a real kernel)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coursekit.nbgrader_run import run_nbgrader
from coursekit.notebooks.keys import read_keys
from coursekit.notebooks.listing import list_exercises
from repo import REPO
from strategies import key_answers

pytestmark = pytest.mark.nbgrader

CHAPTER = "ch01"
NOTEBOOK = f"{CHAPTER}.ipynb"
PASSED = "Success! Your notebook passes all the tests.\n"


def student_copy(home: Path, answers: dict[str, object]) -> Path:
    """The chapter as `nbgrader fetch_assignment` leaves it in a student's home, with their answers.json."""
    shutil.copytree(REPO / "release" / CHAPTER, home / CHAPTER)
    (home / CHAPTER / "answers.json").write_text(json.dumps(answers), encoding="utf-8")
    return home / CHAPTER / NOTEBOOK


def test_validate_names_the_unanswered_exercises(tmp_path: Path) -> None:
    """With 2 of 8 exercises answered, does validate fail on exactly the other 6, naming each with its title and
    what to do; and with all 8 answered, 2 of them wrongly, does it pass?"""
    keys = read_keys(REPO / "source" / CHAPTER / NOTEBOOK)
    titles = {exercise["id"]: exercise["title"] for exercise in list_exercises(REPO / "release" / CHAPTER / NOTEBOOK)}
    everything = key_answers(REPO / "source" / CHAPTER / NOTEBOOK)
    everything.update({"ch01.mlops-benefits": "Automation", "ch01.automated-sequence": "conveyor belt"})  # wrong
    answered = ["ch01.ml-workflows", "ch01.mlops-benefits"]
    some = {exercise_id: everything[exercise_id] for exercise_id in answered}
    complete = student_copy(tmp_path / "complete", everything)
    partial = student_copy(tmp_path / "partial", some)

    # one nbgrader run for both (its start-up is most of the time); it reports them in the order given
    result = run_nbgrader(tmp_path, "validate", str(complete), str(partial), timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(PASSED), result.stdout
    report = result.stdout[len(PASSED) :]

    unanswered = [exercise_id for exercise_id in keys if exercise_id not in answered]
    assert len(unanswered) == 6
    assert report.startswith("VALIDATION FAILED ON 6 CELL(S)!"), report
    assert report.count("The following cell failed:") == 6
    failed_cells = [block.split("The error was:")[0] for block in report.split("The following cell failed:")[1:]]
    assert [cell.strip() for cell in failed_cells] == [
        f"# Autograder test for {exercise_id} (runs when the notebook is graded)" for exercise_id in unanswered
    ]
    errors = [" ".join(block.split("The error was:")[1].split()) for block in report.split("=" * 90)[1:]]
    assert errors == [
        f"{exercise_id} ({titles[exercise_id]}) has no answer yet: answer it in its widget, then validate again."
        for exercise_id in unanswered
    ]
    assert "Traceback" not in report and "..." not in report  # no traceback, no line cut by validate's width
    assert not any(exercise_id in report for exercise_id in answered)
