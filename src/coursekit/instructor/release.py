"""Build the student release from source/ with nbgrader, refusing when a source folder holds answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.nbgrader_run import run_nbgrader
from coursekit.notebooks.keys import read_keys
from coursekit.student.answers import ANSWERS_FILE

__all__ = ["ReleaseError", "answer_files", "release"]


class ReleaseError(CoursekitError):
    """The release cannot be built; the message says why and what to do."""


def answer_files(course: Course) -> list[Path]:
    """answers.json files under source/: nbgrader would release them and overwrite students' answers."""
    return sorted(course.source.rglob(ANSWERS_FILE))


def release(*, course_root: Path, chapters: Sequence[str] = ()) -> list[Path]:
    """Regenerate release/<chapter>/ for the given chapters (all when empty); return the notebooks."""
    course = Course(course_root.resolve())
    known = course.chapters()
    if not known:
        raise ReleaseError(f"no chapters found: expected source/<chapter>/<chapter>.ipynb under {course.root}")
    unknown = [chapter for chapter in chapters if chapter not in known]
    if unknown:
        raise ReleaseError(f"unknown chapter {unknown[0]!r}; chapters are {', '.join(known)}")
    leaks = answer_files(course)
    if leaks:
        listed = ", ".join(str(path.relative_to(course.root)) for path in leaks)
        raise ReleaseError(
            f"refusing to release: {listed} would be given to every student and, at autograde, "
            "overwrite each student's own answers. Delete it (answers belong to students, keys to "
            "hidden tests)."
        )
    for chapter in chapters or known:
        read_keys(course.source_notebook(chapter))  # a hidden test nbgrader could not grade stops the release
    built = []
    for chapter in chapters or known:
        result = run_nbgrader(course.root, "generate_assignment", chapter, "--force")
        if result.returncode != 0:
            raise ReleaseError(f"nbgrader generate_assignment {chapter} failed:\n{result.stdout}{result.stderr}")
        built.append(course.release_notebook(chapter))
    return built
