"""Per-student feedback pages with nbgrader, checked to hold no hidden test before anyone sees them, and each
student's index of every chapter."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.autograde.graded import gradebook_submissions, not_graded_message, not_graded_yet
from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.instructor.feedback.student_index import write_student_indexes
from coursekit.nbgrader_run import run_nbgrader

__all__ = ["FeedbackError", "FeedbackFiles", "generate_feedback", "leaks_in"]

# Text that only hidden tests hold; a feedback page containing any of it is withheld.
LEAK_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "coursekit.scoring import")


class FeedbackError(CoursekitError):
    """Feedback could not be generated, or a page would have revealed a hidden test."""


@dataclass(frozen=True)
class FeedbackFiles:
    pages: list[Path]  # feedback/<student>/<chapter>/<chapter>.html
    indexes: list[Path]  # feedback/<student>/index.html
    ungraded: list[str] = field(default_factory=list)  # why a submitted chapter got no pages, with what to run


def leaks_in(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8", errors="replace")
    return [marker for marker in LEAK_MARKERS if marker in text]


def generate_feedback(
    *, course_root: Path, chapters: Sequence[str] = (), hide_answers: bool = False, workers: int = 2
) -> FeedbackFiles:
    """Write feedback/<student>/<chapter>/<chapter>.html for every graded submission, then each student's
    feedback/<student>/index.html."""
    course = Course.at(course_root)
    wanted = list(chapters) or course.chapters()
    unknown = sorted(set(wanted) - set(course.chapters()))
    if unknown:
        raise FeedbackError(
            f"no chapter {', '.join(unknown)} in {course.source}; the chapters are {', '.join(course.chapters())}"
        )
    in_gradebook = gradebook_submissions(course)
    problems = {chapter: problem for chapter in wanted if (problem := _not_graded(course, chapter, in_gradebook))}
    if chapters and problems:  # checked before any page is written
        raise FeedbackError(not_graded_message(list(problems.values())))
    wanted = [chapter for chapter in wanted if chapter not in problems]
    if not wanted:
        raise FeedbackError("nothing is graded yet: run `coursekit grade` first")
    # with no chapter named, those not graded yet are left out; each one handed in is named in the result
    waiting = [problems[chapter] for chapter in problems if _handed_in(course, chapter)]
    options = ["--force", f"--HideExpectedAnswers.enabled={hide_answers}"]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        runs = {
            pool.submit(run_nbgrader, course.root, "generate_feedback", chapter, *options): chapter
            for chapter in wanted
        }
        for run in as_completed(runs):
            result = run.result()
            if result.returncode != 0:
                raise FeedbackError(f"nbgrader generate_feedback {runs[run]} failed:\n{result.stdout}{result.stderr}")
    pages = sorted(page for chapter in wanted for page in course.feedback.glob(f"*/{chapter}/{chapter}.html"))
    _withhold_leaks(pages)
    indexes = write_student_indexes(course)
    _withhold_leaks(indexes)
    return FeedbackFiles(pages, indexes, waiting)


def _not_graded(course: Course, chapter: str, in_gradebook: set[tuple[str, str]]) -> str:
    """Why nbgrader cannot give the chapter feedback yet, or "" when it can. It needs a graded notebook in
    autograded/ with its grades in the gradebook, for every submission of the chapter there: one without them
    (its grades removed from the gradebook) fails the whole chapter."""
    students = sorted(path.parent.parent.name for path in course.autograded.glob(f"*/{chapter}/{chapter}.ipynb"))
    without = [student for student in students if (chapter, student) not in in_gradebook]
    if not students or len(without) == len(students):
        return not_graded_yet(chapter)
    return not_graded_yet(chapter, without) if without else ""


def _handed_in(course: Course, chapter: str) -> bool:
    return bool(course.submissions([chapter]) or next(course.autograded.glob(f"*/{chapter}"), None))


def _withhold_leaks(pages: list[Path]) -> None:
    leaking = {page: found for page in pages if (found := leaks_in(page))}
    for page in leaking:
        page.unlink()  # never leave a page that shows a hidden test where release_feedback would find it
    if leaking:
        listed = "; ".join(f"{page}: {', '.join(found)}" for page, found in leaking.items())
        raise FeedbackError(f"withheld {len(leaking)} feedback pages that would reveal hidden tests: {listed}")
