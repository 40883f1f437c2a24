"""Build a chapter's release with nbgrader aside, then swap it in whole: release/ is never deleted or half-written.

nbgrader's generate_assignment removes the release folder before it writes the new one, so a failure (a
notebook it cannot read, a chapter whose cells changed under submissions) would leave students' copy gone.
Building into another folder and renaming it into place keeps the old release until the new one is complete.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.nbgrader_run import run_nbgrader

__all__ = ["BUILD_FOLDER", "BuildError", "build_into", "build_release", "same_release"]

BUILD_FOLDER = ".coursekit-release-build"  # under the course root, so the swap is a rename on one file system


class BuildError(CoursekitError):
    """nbgrader could not build the release; the message holds nbgrader's own words."""


def _generate(course: Course, chapter: str, into: Path, *extra: str) -> Path:
    shutil.rmtree(into / chapter, ignore_errors=True)
    result = run_nbgrader(
        course.root,
        "generate_assignment",
        chapter,
        "--force",
        f"--CourseDirectory.release_directory={into}",
        *extra,
    )
    built = into / chapter / f"{chapter}.ipynb"
    if result.returncode != 0 or not built.is_file():
        shutil.rmtree(into / chapter, ignore_errors=True)
        output = (result.stdout + result.stderr).strip()
        raise BuildError(f"nbgrader generate_assignment {chapter} failed; release/{chapter} is unchanged:\n{output}")
    return built


def build_release(course: Course, chapter: str) -> Path:
    """Build release/<chapter>/ from source/ (entering it in the gradebook) and swap it in; return the notebook."""
    aside = course.root / BUILD_FOLDER
    _generate(course, chapter, aside)
    course.release.mkdir(exist_ok=True)
    target, old = course.release / chapter, aside / f"{chapter}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    (aside / chapter).rename(target)
    shutil.rmtree(aside, ignore_errors=True)
    return course.release_notebook(chapter)


def build_into(course: Course, chapter: str, scratch: Path) -> Path:
    """The release nbgrader builds from source/ now, written under `scratch` with a gradebook of its own there,
    so neither release/ nor the course's gradebook changes; return the notebook."""
    database = scratch / f"{chapter}-gradebook.db"
    return _generate(course, chapter, scratch / "release", f"--CourseDirectory.db_url=sqlite:///{database}")


def same_release(built: Path, committed: Path) -> bool:
    """Do two release notebooks hold the same cells and metadata?"""
    return bool(nbformat.read(built, as_version=4) == nbformat.read(committed, as_version=4))
