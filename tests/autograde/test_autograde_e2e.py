"""End to end with real nbgrader: release a chapter of every exercise kind, then autograde three students."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from coursekit.instructor.release import release
from coursekit.nbgrader_run import run_nbgrader
from gradebook_reader import marks
from tiny_course import TINY_KEYS, TINY_RIGHT, write_tiny_course

pytestmark = pytest.mark.nbgrader

PARTLY_RIGHT = {
    # 3 of 4 items right, chance 1/2 with these bucket sizes: kappa 1/2, a quarter of the way from 1/3 to 1
    "ps1.sort": {"Fruit": ["Apple", "Pear", "Leek"], "Vegetable": ["Carrot"]},
    "ps1.pick": "Boil",  # 0 of 1
    "ps1.many": ["Salt", "Sugar"],  # 2 of 3 right ticked, no wrong one: J = 2/3, half the points
    "ps1.order": ["Weigh", "Bake", "Knead", "Slice"],  # 5 of 6 pairs right: tau 2/3, half the points
    "ps1.term": " Levain. ",  # accepted alternative: 1 of 1
}
STUDENTS: dict[str, dict[str, Any] | None] = {"ada": TINY_RIGHT, "bob": PARTLY_RIGHT, "cy": None}
EXPECTED = {
    "ada": {"sort-test": 2, "pick-test": 1, "many-test": 3, "order-test": 3, "term-test": 1},
    "bob": {"sort-test": 0.5, "pick-test": 0, "many-test": 1.5, "order-test": 1.5, "term-test": 1},
    "cy": {"sort-test": 0, "pick-test": 0, "many-test": 0, "order-test": 0, "term-test": 0},
}


def visible_text(notebook: Any) -> str:
    """Everything a student can see in a notebook: sources, outputs and metadata."""
    parts = [json.dumps(notebook.metadata)]
    for cell in notebook.cells:
        parts += [cell.source, json.dumps(cell.get("outputs", [])), json.dumps(cell.metadata)]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = write_tiny_course(tmp_path_factory.mktemp("course"))
    release(course_root=course)
    for student, answers in STUDENTS.items():
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        shutil.copy(course / "release" / "ps1" / "ps1.ipynb", folder)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
        if answers is not None:
            (folder / "answers.json").write_text(json.dumps(answers))
    result = run_nbgrader(course, "autograde", "ps1", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return course


def test_release_holds_no_key(graded: Path) -> None:
    """Does the generated release keep the exercises but none of the hidden tests' keys?"""
    notebook = nbformat.read(graded / "release" / "ps1" / "ps1.ipynb", as_version=4)
    text = visible_text(notebook)
    assert 'Buckets("ps1.sort"' in text
    for key in TINY_KEYS:
        assert key not in text
    assert not list((graded / "release").rglob("answers.json"))


@pytest.mark.parametrize("student", sorted(STUDENTS))
def test_scores_match_the_answers(graded: Path, student: str) -> None:
    """Does nbgrader record full, partial and zero credit per exercise exactly as the rules give?"""
    found = {cell: mark.auto for (name, _, cell), mark in marks(graded, "ps1").items() if name == student}
    assert {cell: auto for cell, auto in found.items() if cell.endswith("-test")} == pytest.approx(EXPECTED[student])


def test_graded_notebook_explains_and_shows_the_answer(graded: Path) -> None:
    """Does the autograded notebook show the student's answer (static view) and the explanation?"""
    notebook = nbformat.read(graded / "autograded" / "bob" / "ps1" / "ps1.ipynb", as_version=4)
    by_id = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in notebook.cells}
    widget_output = by_id["sort-widget"].outputs[0]["data"]
    assert "Fruit</strong>: Apple, Pear, Leek" in widget_output["text/html"]
    test_output = "".join(output.get("text", "") for output in by_id["sort-test"].outputs)
    assert "'Leek' is in Fruit, but belongs in Vegetable." in test_output
    assert "Why: Fruit carry the seeds." in test_output
    assert "Rule: Items in their right bucket count only beyond what guessing places there" in test_output
