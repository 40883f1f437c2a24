"""Which submissions are graded: what feedback and the report may use, and the words for one that is not yet."""

from __future__ import annotations

from collections.abc import Sequence

from nbgrader.api import Gradebook

from coursekit.autograde.status import FAILED, TIMED_OUT, GradeStatus
from coursekit.course import Course

__all__ = [
    "gradebook_submissions",
    "not_graded_message",
    "not_graded_yet",
    "ungraded_lines",
    "ungraded_submissions",
]


def not_graded_yet(chapter: str, students: Sequence[str] = ()) -> str:
    """One line: the chapter (and its students, if only some are not graded) and the command that grades it."""
    if students:
        shown = ", ".join(students[:5]) + (f" and {len(students) - 5} more" if len(students) > 5 else "")
        what = f"{chapter} has {len(students)} submission{'s' if len(students) != 1 else ''} not graded yet ({shown})"
    else:
        what = f"{chapter} is not graded yet"
    return f"{what}: run `coursekit grade --chapter {chapter}` first"


def not_graded_message(lines: Sequence[str]) -> str:
    """`not_graded_yet` lines as one message; with several, the command that grades them all."""
    every = "\n`coursekit grade` with no chapter grades them all." if len(lines) > 1 else ""
    return "\n".join(lines) + every


def gradebook_submissions(course: Course) -> set[tuple[str, str]]:
    """(chapter, student) of each submission the gradebook holds grades for; none when there is no gradebook."""
    if not course.has_gradebook():  # opening a missing SQLite gradebook would create it
        return set()
    with Gradebook(course.db_url) as gradebook:
        return {(a.name, s.student.id) for a in gradebook.assignments for s in a.submissions}


def ungraded_submissions(course: Course, chapters: Sequence[str]) -> dict[str, list[str]]:
    """Per chapter, the students whose submission in submitted/ has no grades in the gradebook and did not fail
    grading either (a failure is listed for review, not hidden); chapters with none are left out."""
    graded = gradebook_submissions(course)
    status = GradeStatus(course.autograded / "coursekit-status.json")
    ungraded: dict[str, list[str]] = {}
    for submission in course.submissions(list(chapters)):
        last = status.get(submission.chapter, submission.student)
        if (submission.chapter, submission.student) in graded or (last and last.status in (FAILED, TIMED_OUT)):
            continue
        ungraded.setdefault(submission.chapter, []).append(submission.student)
    return ungraded


def ungraded_lines(course: Course, chapters: Sequence[str]) -> list[str]:
    """`not_graded_yet` for each chapter with a submission not graded: the chapter alone when none of it is."""
    lines = []
    for chapter, students in sorted(ungraded_submissions(course, chapters).items()):
        whole = len(students) == len(course.submissions([chapter]))
        lines.append(not_graded_yet(chapter) if whole else not_graded_yet(chapter, students))
    return lines
