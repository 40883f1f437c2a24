"""Review notes through a real `coursekit grade` run: a submission without answers.json, and a ps1.ipynb holding
another chapter's exercises, are graded, each with the note coursekit writes, on the terminal, in the status file
and in the report; an ordinary submission beside them gets none."""

from __future__ import annotations

import contextlib
import io
import json
import random
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag
from nbgrader.api import Gradebook

from coursekit.cli import main
from coursekit.course import Course, Submission
from coursekit.instructor.release import release
from coursekit.instructor.simulate import write_submission
from tiny_course import TINY_RIGHT, write_tiny_course

pytestmark = pytest.mark.nbgrader

NO_ANSWERS = "no answers.json: every exercise was graded as not answered"
OTHER_CHAPTER = "ps1.ipynb holds the exercises of ch09: graded from answers.json with this chapter's cells restored"
AUTOGRADED = {"sort-test": 2.0, "pick-test": 1.0, "many-test": 3.0, "order-test": 3.0, "term-test": 1.0}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """ps1 handed in by ok (every answer right), bare (every answer right in a notebook, but no answers.json) and
    swapped (every answer right in answers.json, in a ps1.ipynb whose widgets name ch09's exercises), graded with
    `coursekit grade`; the course, its exit code and what it printed."""
    root = write_tiny_course(tmp_path_factory.mktemp("review-notes") / "course")
    release(course_root=root)
    course = Course.at(root)
    when = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    for student in ("ok", "bare", "swapped"):
        write_submission(course, Submission("ps1", student), TINY_RIGHT, when, random.Random(0))
    (course.submission_folder(Submission("ps1", "bare")) / "answers.json").unlink()
    swapped = course.submission_folder(Submission("ps1", "swapped")) / "ps1.ipynb"
    notebook = nbformat.read(swapped, as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace('"ps1.', '"ch09.')
    nbformat.write(notebook, swapped)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["grade", "--course", str(root), "--no-sandbox", "--workers", "2"])
    return root, code, out.getvalue()


def test_the_grade_table_gives_each_note_and_exits_1(graded: tuple[Path, int, str]) -> None:
    """Does `coursekit grade` exit 1 (something to review) and list both graded submissions with their notes, and
    the ordinary one with none?"""
    _, code, out = graded
    assert code == 1
    assert out.splitlines() == [
        "3 submissions: 3 graded",
        f"  GRADED    ps1/bare: {NO_ANSWERS}",
        "  GRADED    ps1/ok",
        f"  GRADED    ps1/swapped: {OTHER_CHAPTER}",
    ]


def test_the_status_file_keeps_each_note(graded: tuple[Path, int, str]) -> None:
    """Does autograded/coursekit-status.json record each submission as graded, with exactly its note?"""
    root, _, _ = graded
    status = json.loads((root / "autograded" / "coursekit-status.json").read_text())
    assert {label: (record["status"], record["reason"]) for label, record in status.items()} == {
        "ps1/bare": ("graded", NO_ANSWERS),
        "ps1/ok": ("graded", ""),
        "ps1/swapped": ("graded", OTHER_CHAPTER),
    }


def test_the_notes_say_how_each_was_graded(graded: tuple[Path, int, str]) -> None:
    """Is the submission without answers.json graded as not answered (0 on every autograded cell, though its
    notebook is the same as ok's), and the swapped notebook graded from answers.json (full marks), as the notes say?"""
    root, _, _ = graded
    with Gradebook(Course.at(root).db_url) as gradebook:
        scores = {
            student: {
                grade.name: float(grade.score)
                for grade in gradebook.find_submission_notebook("ps1", "ps1", student).grades
                if grade.name in AUTOGRADED
            }
            for student in ("ok", "bare", "swapped")
        }
    assert scores == {"ok": AUTOGRADED, "bare": dict.fromkeys(AUTOGRADED, 0.0), "swapped": AUTOGRADED}


def test_the_report_lists_both_for_review(graded: tuple[Path, int, str]) -> None:
    """Does the report's review table hold exactly the two noted submissions, status and note, and count 2 for
    ps1 in the chapter table's "need review" column?"""
    root, _, _ = graded
    assert main(["report", "--course", str(root)]) == 0
    soup = BeautifulSoup((root / "reports" / "report.html").read_text(), "html.parser")
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in soup.select("tr.review")]
    assert rows == [["ps1/bare", "graded", NO_ANSWERS], ["ps1/swapped", "graded", OTHER_CHAPTER]]
    heading = soup.find("h2", string="Chapters")
    chapter_table = heading.find_next("table") if isinstance(heading, Tag) else None
    assert isinstance(chapter_table, Tag)
    headers = [cell.get_text() for cell in chapter_table.find_all("th")]
    [chapter_row] = [[cell.get_text() for cell in row.find_all("td")] for row in chapter_table.select("tbody tr")]
    assert chapter_row[headers.index("need review")] == "2"
