"""The gradebook around a cohort run: chapters checked released, students added, failed grades removed."""

from __future__ import annotations

import shutil
from collections.abc import Collection, Sequence

from nbgrader.api import Gradebook, MissingEntry

from coursekit.course import Course, Submission
from coursekit.errors import CoursekitError

__all__ = ["GradeError", "discard_grades", "prepare_gradebook", "release_problems"]


class GradeError(CoursekitError):
    """The run cannot start (a chapter not released, an LMS download that does not collect)."""


def release_problems(course: Course, chapters: Sequence[str], required: Collection[str]) -> list[str]:
    """One line for each chapter nbgrader cannot grade yet, saying why and what to run. Grading needs the chapter
    in the gradebook with its notebook (from `coursekit release`, not a due date alone) and release/<chapter>/,
    which every submission is rebuilt from. A chapter is checked when `required` (named, or submitted) or in the
    gradebook; one only in source/ waits for its release quietly."""
    entered = _gradebook_notebooks(course)
    problems = []
    for chapter in chapters:
        if chapter not in required and chapter not in (entered or {}):
            continue
        if entered is None:
            cause = "there is no gradebook yet"
        elif chapter not in entered:
            cause = "it is not in the gradebook"
        elif chapter not in entered[chapter]:
            cause = "it is in the gradebook without its notebook"
        elif not course.release_notebook(chapter).is_file():
            cause = f"release/{chapter}/{chapter}.ipynb is missing"
        else:
            continue
        problems.append(f"{chapter} is not released ({cause}): run `coursekit release {chapter}` first")
    return problems


def _gradebook_notebooks(course: Course) -> dict[str, set[str]] | None:
    """Each assignment in the gradebook with its notebooks' names; None when there is no gradebook (opening a
    missing SQLite one would create it)."""
    if not course.has_gradebook():
        return None
    with Gradebook(course.db_url) as gradebook:
        return {assignment.name: {nb.name for nb in assignment.notebooks} for assignment in gradebook.assignments}


def prepare_gradebook(
    course: Course, submissions: list[Submission], chapters: list[str], *, named: Sequence[str] = ()
) -> set[tuple[str, str]]:
    """Check every chapter to grade was released (those `named` and those submitted at least), add missing
    students (two workers must not race to), and return the (chapter, student) pairs already graded there."""
    problems = release_problems(course, chapters, {*named, *(submission.chapter for submission in submissions)})
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        every = "\n`coursekit release` with no chapter releases them all." if len(problems) > 1 else ""
        raise GradeError(f"refusing to grade; nothing was graded:\n{lines}{every}")
    if not submissions:
        return set()  # nothing to grade: leave the gradebook as it is (or absent)
    graded: set[tuple[str, str]] = set()
    with Gradebook(course.db_url) as gradebook:
        for chapter in sorted({submission.chapter for submission in submissions}):
            assignment = gradebook.find_assignment(chapter)
            graded.update((chapter, s.student.id) for s in assignment.submissions)
        for student in sorted({submission.student for submission in submissions}):
            gradebook.update_or_create_student(student)
    return graded


def discard_grades(course: Course, submission: Submission) -> None:
    """A submission that failed keeps no grades from an earlier run: remove them and its graded copy."""
    with Gradebook(course.db_url) as gradebook:
        try:
            gradebook.remove_submission(submission.chapter, submission.student)
        except MissingEntry:
            pass
    shutil.rmtree(course.autograded_folder(submission), ignore_errors=True)
