"""Checks of a submission's files before grading: what stops it, and what grades it but needs a look."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import nbformat

from coursekit.course import Course, Submission
from coursekit.notebooks.listing import list_exercises
from coursekit.student.answers import ANSWERS_FILE, load_answers

__all__ = ["Inspection", "inspect_submission", "student_id_problem"]


@dataclass(frozen=True)
class Inspection:
    """`fatal`: why the submission cannot be graded; `review`: graded, but an instructor should look."""

    fatal: str = ""
    review: str = ""


def student_id_problem(student: str) -> str:
    """Why nbgrader cannot grade under this student id (its submitted/ folder's name); "" when it can.

    The gradebook stores ids as UTF-8 text, and nbgrader finds a submission by a path pattern that breaks on
    line breaks and on spaces at either end.
    """
    if any("\ud800" <= character <= "\udfff" for character in student):
        return f"the folder name {student!r} is not UTF-8 text, so nbgrader cannot store it as a student id: rename it"
    if student != student.strip() or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in student):
        return f"the folder name {student!r} holds a line break, control character or outer space: rename it"
    return ""


def inspect_submission(course: Course, submission: Submission) -> Inspection:
    folder = course.submission_folder(submission)
    links = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_symlink())
    if links:
        return Inspection(fatal=f"symbolic links are not accepted in a submission: {', '.join(links[:3])}")
    expected = f"{submission.chapter}.ipynb"
    notebook_path = folder / expected
    if not notebook_path.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        if others:
            return Inspection(fatal=f"found {', '.join(others)} but no {expected} (a notebook of another chapter?)")
        return Inspection(fatal=f"no notebook {expected} in the submission")
    try:
        notebook = nbformat.reads(notebook_path.read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(notebook)
    except UnicodeDecodeError:
        return Inspection(fatal="the notebook is corrupted: it is not UTF-8 text")
    except Exception as error:  # nbformat raises several unrelated types
        return Inspection(fatal=f"the notebook is corrupted: {type(error).__name__}: {str(error)[:120]}")
    # written answers take their id from the file name, so only widgets tell whose exercises these are
    exercises = [exercise for exercise in list_exercises(notebook_path) if exercise["kind"] != "written"]
    chapters = {exercise["id"].split(".")[0] for exercise in exercises}
    if chapters and submission.chapter not in chapters:
        return Inspection(
            review=f"{expected} holds the exercises of {', '.join(sorted(chapters))}: graded from answers.json "
            "with this chapter's cells restored"
        )
    answers = folder / ANSWERS_FILE
    if not answers.exists():
        return Inspection(review=f"no {ANSWERS_FILE}: every exercise was graded as not answered")
    _, problem = load_answers(answers)
    if problem is not None:
        return Inspection(review=f"{ANSWERS_FILE} {problem}: every exercise was graded as not answered")
    return Inspection()
