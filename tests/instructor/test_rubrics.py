"""Model answers and rubrics: beside each written answer for graders, to the student only once it is scored."""

from __future__ import annotations

import io
import random
import shutil
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from coursekit.autograde.run import grade_cohort
from coursekit.course import Course, Submission
from coursekit.instructor.feedback import generate_feedback
from coursekit.instructor.release import release
from coursekit.instructor.rubric_cells import RUBRIC
from coursekit.instructor.simulate import write_submission
from gradebook_reader import open_gradebook
from tiny_course import write_tiny_course

pytestmark = pytest.mark.nbgrader

MODEL_ANSWER = "Model answer: resting lets the gluten relax."
ESSAY = "Resting matters because the dough needs time."


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny chapter released and two students autograded: one wrote an essay, one left it blank."""
    root = write_tiny_course(tmp_path_factory.mktemp("rubrics"))
    release(course_root=root)
    course = Course.at(root)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for student in ("writer", "silent"):
        write_submission(course, Submission("ps1", student), {}, when, random.Random(0))
    submitted = course.submission_folder(Submission("ps1", "writer")) / "ps1.ipynb"
    notebook = nbformat.read(submitted, as_version=4)
    essay = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade_id") == "essay")
    essay.source = ESSAY
    nbformat.write(notebook, submitted)
    silent = course.submission_folder(Submission("ps1", "silent")) / "ps1.ipynb"
    shutil.copy(course.release_notebook("ps1"), silent)  # "YOUR ANSWER HERE" left as released
    summary = grade_cohort(course_root=root, sandbox=False, stream=io.StringIO())
    assert [record.status for record in summary.records] == ["graded", "graded"]
    return root


def graded_cells(root: Path, student: str) -> list[nbformat.NotebookNode]:
    return list(nbformat.read(root / "autograded" / student / "ps1" / "ps1.ipynb", as_version=4).cells)


def test_the_release_holds_no_model_answer(graded: Path) -> None:
    """Does the student's notebook leave the model answer and rubric out?"""
    text = (graded / "release" / "ps1" / "ps1.ipynb").read_text()
    assert MODEL_ANSWER not in text and RUBRIC not in text


def test_graders_find_the_rubric_right_after_the_answer(graded: Path) -> None:
    """In the graded notebook formgrader shows, does the source's model answer follow the student's essay?"""
    cells = graded_cells(graded, "writer")
    index = next(n for n, cell in enumerate(cells) if cell.metadata.get("nbgrader", {}).get("grade_id") == "essay")
    assert cells[index].source == ESSAY
    rubric = cells[index + 1]
    assert rubric.cell_type == "markdown" and rubric.metadata[RUBRIC] == "essay"
    assert MODEL_ANSWER in rubric.source
    assert sum(1 for cell in cells if RUBRIC in cell.metadata) == 1


def score_essay(root: Path, student: str, points: float) -> None:
    with open_gradebook(root) as gradebook:
        gradebook.find_grade("essay", "ps1", "ps1", student).manual_score = points
        gradebook.db.commit()


def feedback_page(root: Path, student: str, *, hide_answers: bool = False) -> str:
    generate_feedback(course_root=root, hide_answers=hide_answers)
    return (root / "feedback" / student / "ps1" / "ps1.html").read_text()


def test_students_see_the_rubric_only_once_their_answer_is_scored(graded: Path) -> None:
    """Is the model answer left out of feedback until a grader scores the essay, then shown, never with
    --hide-answers?"""
    before = feedback_page(graded, "writer")
    assert MODEL_ANSWER not in before and ESSAY in before
    score_essay(graded, "writer", 3)
    assert MODEL_ANSWER in feedback_page(graded, "writer")
    assert MODEL_ANSWER not in feedback_page(graded, "writer", hide_answers=True)


def test_a_blank_essay_shows_the_model_answer_at_once(graded: Path) -> None:
    """An essay left as released scores 0 without a grader: does its feedback show the model answer?"""
    assert MODEL_ANSWER in feedback_page(graded, "silent")
