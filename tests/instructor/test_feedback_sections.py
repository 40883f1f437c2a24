"""A graded notebook regrouped for its feedback page: one titled section per exercise, and no code left."""

from __future__ import annotations

from typing import Any

import nbformat
import pytest

from coursekit.instructor.feedback.sections import SECTION, build_sections, drop_answering_help, take_title
from coursekit.instructor.rubric_cells import INTRO, RUBRIC
from tiny_course import TINY_RIGHT, tiny_notebook


def graded(scores: dict[str, float] | None = None) -> Any:
    """ps1's source notebook as GetGrades leaves it: each grade cell with its score and points."""
    notebook = tiny_notebook()
    for cell in notebook.cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade"):
            grading["score"] = (scores or {}).get(grading["grade_id"], grading["points"])
    return notebook


def sections_of(notebook: Any, **options: Any) -> list[dict[str, Any]]:
    settings: dict[str, Any] = {"answers": TINY_RIGHT, "answers_problem": None, "pending": set()}
    return build_sections(notebook, **{**settings, **options})


def test_each_exercise_becomes_one_titled_section_and_no_code_is_left() -> None:
    """Do the widget, check and test cells go, leaving each heading cell with its section: title and marks?"""
    notebook = graded({"sort-test": 1.5})
    sections = sections_of(notebook)
    assert [s["title"] for s in sections] == ["Sort it", "Pick one", "Pick many", "Order it", "Name it", "Explain it"]
    assert [s["marks"] for s in sections][:2] == ["1.5 of 2 points", "1 of 1 point"]
    assert sections[0]["heading"] == "Exercise 1: Sort it" and sections[0]["anchor"] == "sort-test"
    assert all(cell.cell_type == "markdown" for cell in notebook.cells)
    on_cells = [cell.metadata[SECTION] for cell in notebook.cells if SECTION in cell.metadata]
    assert on_cells == sections
    first = next(cell for cell in notebook.cells if SECTION in cell.metadata)
    assert first.source == "Answer below."  # the heading line is the section's, not repeated in the text


def test_a_section_sets_the_answer_beside_the_key_with_why_and_rule() -> None:
    """Does a section carry the comparison table, the notes, the explanation and the one-line rule?"""
    notebook = graded({"pick-test": 0})
    pick = sections_of(notebook, answers={"ps1.pick": "Boil"})[1]
    assert pick["columns"] == ["Option", "You picked", "Right answer"] and pick["key_columns"] == [2]
    assert {"cells": ["Boil", "your choice", ""], "verdict": "wrong"} in pick["rows"]
    assert pick["why"] == "Roasting cooks in dry heat." and pick["rule"].startswith("All or nothing")
    assert pick["notes"] == ["'Boil' is not the right option."] and pick["problem"] == ""


def test_a_written_answer_holds_the_text_the_comment_and_the_rubric_once_scored() -> None:
    """Are the student's text, the grader's comment and the model answer (without its intro) in the section,
    and the answer and rubric cells gone from the page?"""
    notebook = graded()
    essay_at = next(
        i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "essay"
    )
    notebook.cells[essay_at].source = "Because <b>it</b> rests."
    notebook.cells[essay_at].metadata.nbgrader["comment"] = "Say more."
    rubric = nbformat.v4.new_markdown_cell(INTRO + "Gluten relaxes.", metadata={RUBRIC: "essay"})
    notebook.cells.insert(essay_at + 1, rubric)
    essay = sections_of(notebook)[-1]
    assert (essay["answer"], essay["comment"], essay["rubric"]) == (
        "Because <b>it</b> rests.",
        "Say more.",
        "Gluten relaxes.",
    )
    assert not any(RUBRIC in cell.metadata or "nbgrader" in cell.metadata for cell in notebook.cells)


def test_an_answer_waiting_for_a_grader_says_so() -> None:
    """Is a pending written answer marked 'not graded yet' rather than 0 points?"""
    essay = sections_of(graded({"essay": 0}), pending={"essay"})[-1]
    assert essay["score"] is None and essay["marks"] == "not graded yet (4 points)"


def test_an_exercise_without_a_heading_gets_a_section_of_its_own() -> None:
    """With its heading cell gone, is the exercise still one section, titled by its id?"""
    notebook = graded()
    notebook.cells = [cell for cell in notebook.cells if not cell.source.startswith("### Exercise 2")]
    pick = sections_of(notebook)[1]
    assert pick["heading"] == pick["title"] == "ps1.pick"
    assert sum(1 for cell in notebook.cells if SECTION in cell.metadata) == 6


@pytest.mark.parametrize(
    ("outputs", "problem", "expected"),
    [
        ([{"output_type": "error", "ename": "KeyShapeError", "evalue": "x", "traceback": []}], None, "(KeyShapeError)"),
        ([], "is not valid JSON (line 1, column 2: Expecting value)", "Your answers.json is not valid JSON"),
    ],
)
def test_a_grading_problem_is_told_without_its_details(outputs: list[Any], problem: str | None, expected: str) -> None:
    """A hidden test that raised, or an unreadable answers.json: does the section say so, in one sentence?"""
    notebook = graded()
    test = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "sort-test")
    test.outputs = [nbformat.from_dict(output) for output in outputs]
    sort = sections_of(notebook, answers_problem=problem)[0]
    assert expected in sort["problem"] and "Traceback" not in sort["problem"]


def test_the_title_and_the_answering_help_leave_the_chapter() -> None:
    """Is the chapter's title taken out for the page header, and a "How to answer" cell dropped?"""
    notebook = graded()
    notebook.cells.insert(1, nbformat.v4.new_markdown_cell("## How to answer\n\nRun all cells."))
    assert take_title(notebook) == "Problem set 1: in the kitchen"
    assert notebook.cells[0].source == "Every kind of exercise, about cooking."
    drop_answering_help(notebook)
    assert not any("How to answer" in cell.source for cell in notebook.cells)
