"""Build a chapter's release with nbgrader aside, then swap it in whole: release/ is never deleted or half-written.

nbgrader's generate_assignment removes the release folder before it writes the new one, so a failure (a
notebook it cannot read, a chapter whose cells changed under submissions) would leave students' copy gone.
Building into another folder and renaming it into place keeps the old release until the new one is complete.

nbgrader runs in this process, through its Python API: importing it costs seconds, which a process per chapter
paid again for every chapter. Its log is captured, for a failure's message, and never reaches the terminal.
"""

from __future__ import annotations

import logging
import shutil
import threading
import traceback
import warnings
from pathlib import Path
from typing import Any

import nbformat
from traitlets.config import Config

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.nbgrader_run import scripts_on_path

__all__ = ["BUILD_FOLDER", "BuildError", "build_into", "build_release", "same_release"]

BUILD_FOLDER = ".coursekit-release-build"  # under the course root, so the swap is a rename on one file system


class BuildError(CoursekitError):
    """nbgrader could not build the release; the message holds nbgrader's own words."""


# nbgrader's converters chdir into the course and log through one logger: one build at a time in a process
_ONE_BUILD = threading.Lock()
# Only the handler nbgrader's API adds while it runs (`capture_log`) hears this logger: not the terminal.
_QUIET = logging.getLogger(f"{__name__}.nbgrader")
_QUIET.propagate = False
_QUIET.addHandler(logging.NullHandler())  # else logging's last resort prints warnings to stderr
_QUIET.setLevel(logging.INFO)


def _generate(course: Course, chapter: str, into: Path, db_url: str | None = None) -> Path:
    from nbgrader.apps import NbGraderAPI  # seconds to import: only when a release is built

    shutil.rmtree(into / chapter, ignore_errors=True)
    config = course.config()  # sets CourseDirectory.root: nbgrader's paths are relative to it, not to our cwd
    directories: dict[str, Any] = {"release_directory": str(into.absolute())}
    if db_url is not None:
        directories["db_url"] = db_url
    config.merge(Config({"CourseDirectory": directories}))
    # warnings (a notebook nbformat has to fix up, say) are nbgrader's output too: kept for a failure's message
    with _ONE_BUILD, scripts_on_path(), warnings.catch_warnings(record=True) as heard:
        try:
            api = NbGraderAPI(config=config, log=_QUIET)
            result = api.generate_assignment(chapter, force=True, create=True)
        except Exception:  # outside what the API catches itself: its settings, say
            result = {"success": False, "error": traceback.format_exc()}
    built = into / chapter / f"{chapter}.ipynb"
    if not result.get("success") or not built.is_file():
        shutil.rmtree(into / chapter, ignore_errors=True)
        said = [f"{w.category.__name__}: {w.message}\n" for w in heard]
        output = "".join([*said, result.get("log", ""), result.get("error", "")]).strip()
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
    # one for every chapter built under `scratch`: nbgrader starts an `alembic` process, seconds, for a new one
    database = scratch.absolute() / "gradebook.db"
    return _generate(course, chapter, scratch / "release", db_url=f"sqlite:///{database}")


def same_release(built: Path, committed: Path) -> bool:
    """Do two release notebooks hold the same cells and metadata?"""
    return bool(nbformat.read(built, as_version=4) == nbformat.read(committed, as_version=4))
