"""The one way tests read a course's nbgrader gradebook: every grade, every submission, the due dates.

`course` is a course folder (its SQLite `gradebook.db`, nbgrader's default) or a `Course` (its configured URL).
Tests that set a scene by changing the gradebook (a due date, a hand-given score) open it with `open_gradebook`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nbgrader.api import Gradebook

from coursekit.course import Course

__all__ = [
    "Handed",
    "Mark",
    "auto_scores",
    "due_dates",
    "marks",
    "open_gradebook",
    "scores",
    "scores_and_penalties",
    "submissions",
    "total",
    "totals",
]

Cell = tuple[str, str, str]  # (student, chapter, grade cell id)


@dataclass(frozen=True)
class Mark:
    """One grade cell of one submission, as nbgrader holds it."""

    score: float  # the manual score when given, else the automatic one (nbgrader's `score`)
    auto: float | None
    manual: float | None
    max_score: float
    cell_type: str  # "code" (autograded) or "markdown" (a written answer)
    comment: str | None  # the instructor's comment on the cell
    penalty: float  # the late penalty of the submission's notebook


@dataclass(frozen=True)
class Handed:
    """One chapter's submission of one student."""

    score: float  # before the late penalty
    max_score: float
    penalty: float
    seconds_late: float
    timestamp: datetime | None


def url(course: Path | Course) -> str:
    return course.db_url if isinstance(course, Course) else f"sqlite:///{Path(course) / 'gradebook.db'}"


def open_gradebook(course: Path | Course) -> Gradebook:
    """The course's gradebook, to change it (`with open_gradebook(course) as gradebook: ...`)."""
    return Gradebook(url(course))


def marks(course: Path | Course, chapter: str | None = None) -> dict[Cell, Mark]:
    """(student, chapter, grade cell) to its mark, for every grade (of one chapter when named)."""
    found: dict[Cell, Mark] = {}
    with open_gradebook(course) as gradebook:
        chosen = [gradebook.find_assignment(chapter)] if chapter else gradebook.assignments
        for assignment in chosen:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    comments = {comment.name: comment.manual_comment for comment in notebook.comments}
                    for grade in notebook.grades:
                        found[(submission.student.id, assignment.name, grade.name)] = Mark(
                            score=float(grade.score),
                            auto=None if grade.auto_score is None else float(grade.auto_score),
                            manual=None if grade.manual_score is None else float(grade.manual_score),
                            max_score=float(grade.max_score),
                            cell_type=grade.cell_type,
                            comment=comments.get(grade.name),
                            penalty=float(notebook.late_submission_penalty or 0),
                        )
    return found


def scores(course: Path | Course, chapter: str | None = None) -> dict[Cell, float]:
    """(student, chapter, grade cell) to the points it earned, for every grade (of one chapter when named)."""
    return {cell: mark.score for cell, mark in marks(course, chapter).items()}


def scores_and_penalties(course: Path | Course, chapter: str | None = None) -> dict[Cell, tuple[float, float]]:
    """(student, chapter, grade cell) to (points earned, the notebook's late penalty): what two gradings of one
    cohort must agree on."""
    return {cell: (mark.score, mark.penalty) for cell, mark in marks(course, chapter).items()}


def auto_scores(course: Path | Course, chapter: str, student: str) -> dict[str, float]:
    """Grade cell to the automatic score of each autograded (code) cell of the student's chapter (every one has
    one once autograded)."""
    found = {cell: mark for (name, _, cell), mark in marks(course, chapter).items() if name == student}
    autos = {cell: mark.auto for cell, mark in found.items() if mark.cell_type == "code"}
    assert None not in autos.values(), f"{student}'s {chapter} has code cells without an automatic score: {autos}"
    return {cell: float(auto or 0) for cell, auto in autos.items()}


def submissions(course: Path | Course) -> dict[tuple[str, str], Handed]:
    """(student, chapter) to the submission's score, late penalty and time, for every submission in the gradebook."""
    with open_gradebook(course) as gradebook:
        return {
            (submission.student.id, assignment.name): Handed(
                score=float(submission.score),
                max_score=float(submission.max_score),
                penalty=float(submission.late_submission_penalty or 0),
                seconds_late=float(submission.total_seconds_late),
                timestamp=submission.timestamp,
            )
            for assignment in gradebook.assignments
            for submission in assignment.submissions
        }


def totals(course: Path | Course) -> dict[tuple[str, str], float]:
    """(student, chapter) to the submission's total score (before any late penalty)."""
    return {key: handed.score for key, handed in submissions(course).items()}


def total(course: Path | Course, student: str, chapter: str) -> float:
    """The student's total score for the chapter (before any late penalty)."""
    return submissions(course)[(student, chapter)].score


def due_dates(course: Path | Course) -> dict[str, datetime | None]:
    """Chapter to its due date (naive UTC, as nbgrader stores it), for every chapter in the gradebook."""
    with open_gradebook(course) as gradebook:
        return {assignment.name: assignment.duedate for assignment in gradebook.assignments}
