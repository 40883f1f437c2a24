"""The gradebook around a cohort run: chapters checked released, students added, failed grades removed."""

from __future__ import annotations

import shutil

from nbgrader.api import Gradebook, MissingEntry

from coursekit.course import Course, Submission
from coursekit.errors import CoursekitError

__all__ = ["GradeError", "discard_grades", "prepare_gradebook"]


class GradeError(CoursekitError):
    """The run cannot start (no release in the gradebook, an LMS download that does not collect)."""


def prepare_gradebook(course: Course, submissions: list[Submission], chapters: list[str]) -> set[tuple[str, str]]:
    """Check every chapter was released, add missing students (two workers must not race to), and
    return the (chapter, student) pairs the gradebook already has grades for."""
    graded: set[tuple[str, str]] = set()
    with Gradebook(course.db_url) as gradebook:
        for chapter in chapters:
            try:
                assignment = gradebook.find_assignment(chapter)
            except MissingEntry:
                raise GradeError(
                    f"{chapter} is not in the gradebook: run `coursekit release {chapter}` first"
                ) from None
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
