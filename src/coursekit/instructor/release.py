"""Build the student release from source/ with nbgrader, once the course passes `coursekit check`.

A chapter whose graded cells changed after students submitted it is refused here, before anything is touched,
with the command that carries its grades over (`coursekit release CHAPTER --update`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.instructor.check import CheckError, check_course, raise_on_problems
from coursekit.instructor.release_build import BuildError, build_release
from coursekit.instructor.release_cells import cell_changes
from coursekit.student.answers import ANSWERS_FILE

__all__ = ["ReleaseError", "answer_files", "release"]


class ReleaseError(CoursekitError):
    """The release cannot be built; the message says why and what to do."""


def answer_files(course: Course) -> list[Path]:
    """answers.json files under source/: nbgrader would release them and overwrite students' answers."""
    return sorted(course.source.rglob(ANSWERS_FILE))


def release(*, course_root: Path, chapters: Sequence[str] = ()) -> list[Path]:
    """Rebuild release/<chapter>/ for the given chapters (all when empty); return the notebooks."""
    course = Course.at(course_root)
    known = course.chapters()
    if not known:
        raise ReleaseError(f"no chapters found: expected source/<chapter>/<chapter>.ipynb under {course.root}")
    unknown = [chapter for chapter in chapters if chapter not in known]
    if unknown:
        raise ReleaseError(f"unknown chapter {unknown[0]!r}; chapters are {', '.join(known)}")
    wanted = list(chapters) or known
    leaks = answer_files(course)
    if leaks:
        listed = ", ".join(str(path.relative_to(course.root)) for path in leaks)
        raise ReleaseError(
            f"refusing to release: {listed} would be given to every student and, at autograde, "
            "overwrite each student's own answers. Delete it (answers belong to students, keys to "
            "hidden tests)."
        )
    try:
        raise_on_problems(check_course(course.root, wanted, release_current=False), then="Nothing was released.")
    except CheckError as error:
        raise ReleaseError(f"refusing to release: {error}") from None
    for chapter in wanted:
        changes = cell_changes(course, chapter)
        if changes is not None and changes.any:
            raise ReleaseError(
                f"refusing to release {chapter}: {changes.submissions} students have submitted it and its "
                f"graded cells changed ({changes.summary()}), and nbgrader cannot add or remove cells once a "
                f"chapter has submissions. Run `coursekit release {chapter} --update`: it backs up the gradebook, "
                "keeps the due date and every hand-given score and comment, and regrades each submission. Nothing "
                "was released."
            )
    built = []
    for chapter in wanted:
        try:
            built.append(build_release(course, chapter))
        except BuildError as error:
            raise ReleaseError(str(error)) from None
    return built
