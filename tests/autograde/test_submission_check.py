"""Checks of a submission's files before grading, directly: what stops it, and what needs a look."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from coursekit.autograde.submission_check import Inspection, inspect_submission, student_id_problem
from coursekit.course import Course, Submission
from tiny_course import tiny_notebook

SUBMISSION = Submission("ps1", "student001")


@pytest.fixture
def folder(tiny_course: Path) -> Path:
    """student001's ps1 submission: the notebook and a readable answers.json."""
    path = tiny_course / "submitted" / "student001" / "ps1"
    path.mkdir(parents=True)
    nbformat.write(tiny_notebook(), path / "ps1.ipynb")
    (path / "answers.json").write_text(json.dumps({"ps1.pick": "Boil"}))
    return path


def inspect(folder: Path) -> Inspection:
    return inspect_submission(Course.at(folder.parents[2]), SUBMISSION)


def test_a_complete_submission_passes(folder: Path) -> None:
    """Does a notebook with a readable answers.json pass with nothing to review?"""
    assert inspect(folder) == Inspection()


def symlinked(folder: Path) -> None:
    (folder / "keys").symlink_to("/etc/hostname")


def missing(folder: Path) -> None:
    (folder / "ps1.ipynb").unlink()


def renamed(folder: Path) -> None:
    (folder / "ps1.ipynb").rename(folder / "ps1 (1).ipynb")


def not_json(folder: Path) -> None:
    (folder / "ps1.ipynb").write_text('{"cells": [')


def not_utf8(folder: Path) -> None:
    (folder / "ps1.ipynb").write_bytes(b'{"cells": "\xff\xfe"}')


def not_a_notebook(folder: Path) -> None:
    (folder / "ps1.ipynb").write_text('{"cells": 3, "nbformat": 4}')


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (symlinked, "symbolic links are not accepted in a submission: keys"),
        (missing, "no notebook ps1.ipynb in the submission"),
        (renamed, "found ps1 (1).ipynb but no ps1.ipynb"),
        (not_json, "the notebook is corrupted:"),
        (not_utf8, "the notebook is corrupted: it is not UTF-8 text"),
        (not_a_notebook, "the notebook is corrupted:"),
    ],
)
def test_what_stops_a_submission(folder: Path, damage: Callable[[Path], None], reason: str) -> None:
    """Is each submission that cannot be graded stopped, with a reason that names what is wrong?"""
    damage(folder)
    inspection = inspect(folder)
    assert inspection.fatal.startswith(reason)
    assert inspection.review == ""


def test_another_chapters_notebook_is_graded_but_flagged(folder: Path) -> None:
    """Is a ps1.ipynb holding another chapter's exercises graded (its cells restored) but listed for review?"""
    notebook = nbformat.read(folder / "ps1.ipynb", as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace('"ps1.', '"ch09.')
    nbformat.write(notebook, folder / "ps1.ipynb")
    inspection = inspect(folder)
    assert inspection.fatal == ""
    assert inspection.review.startswith("ps1.ipynb holds the exercises of ch09")


@pytest.mark.parametrize(
    ("content", "review"),
    [
        (None, "no answers.json: every exercise was graded as not answered"),
        (b"{broken", "answers.json is not valid JSON"),
        (b"[1, 2]", "answers.json holds a JSON list instead of an object of answers"),
    ],
)
def test_answers_that_cannot_be_read_are_flagged(folder: Path, content: bytes | None, review: str) -> None:
    """Is a submission without a readable answers.json graded (as not answered) and listed for review?"""
    answers = folder / "answers.json"
    if content is None:
        answers.unlink()
    else:
        answers.write_bytes(content)
    inspection = inspect(folder)
    assert inspection.fatal == ""
    assert inspection.review.startswith(review)


@pytest.mark.parametrize(
    ("student", "refused"),
    [
        ("alice", False),
        ("zoë-d'arc [2]", False),
        (b"bob\xff".decode("utf-8", "surrogateescape"), True),
        ("line\nbreak", True),
        ("para\u2029graph", True),
        (" padded", True),
    ],
)
def test_student_ids_nbgrader_cannot_hold_are_named(student: str, refused: bool) -> None:
    """Is a submitted/ folder name the gradebook cannot store, or nbgrader cannot find, refused with a reason
    that names it on one line, and every other name accepted?"""
    problem = student_id_problem(student)
    assert bool(problem) == refused
    if refused:
        assert repr(student) in problem and "\n" not in problem and problem.endswith("rename it")
