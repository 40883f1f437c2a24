"""The project's own folder, and the course the course-plan tests check, for tests that copy the course
(config, source/, release/) or read its docs.

`COURSE` is the repository itself unless `COURSEKIT_COURSE` names another course folder: tests/instructor/
test_plan.py sets it to run the course-plan tests (marker `course`) on a copy with a chapter added.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

__all__ = ["COURSE", "REPO", "copy_sources", "new_course", "quiz_chapters"]

REPO = Path(__file__).resolve().parents[1]
COURSE = Path(os.environ.get("COURSEKIT_COURSE") or REPO).resolve()


def quiz_chapters() -> list[str]:
    """The course's chapters with autograded exercises, in order (an essays assignment holds written answers only)."""
    from coursekit.course import Course
    from coursekit.notebooks.keys import read_keys

    course = Course(COURSE)
    return [chapter for chapter in course.chapters() if read_keys(course.source_notebook(chapter))]


def new_course(folder: Path, *, origin: Path = REPO) -> Path:
    """An empty course in `folder`: `origin`'s nbgrader config (the project's by default) and an empty source/.
    Every course a test builds starts here (tests/tiny_course.py, tests/cohort.py, the browser tests' course)."""
    (folder / "source").mkdir(parents=True, exist_ok=True)
    shutil.copy(origin / "nbgrader_config.py", folder)
    return folder


def copy_sources(folder: Path, chapters: Sequence[str] = (), *, origin: Path = COURSE) -> Path:
    """A new course in `folder`: the course's nbgrader config, its plan file and the chapters' sources (all when
    none are named), not yet released."""
    new_course(folder, origin=origin)
    if (origin / "course_plan.toml").is_file() and not chapters:  # the plan names chapters: only with all of them
        shutil.copy(origin / "course_plan.toml", folder)
    for chapter in chapters or sorted(path.name for path in (origin / "source").iterdir() if path.is_dir()):
        shutil.copytree(origin / "source" / chapter, folder / "source" / chapter)
    return folder
