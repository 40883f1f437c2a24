"""The project's own folder, for tests that copy its course (config, source/, release/) or read its docs."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

__all__ = ["REPO", "copy_sources", "quiz_chapters"]

REPO = Path(__file__).resolve().parents[1]


def quiz_chapters() -> list[str]:
    """The course's chapters with autograded exercises, in order (an essays assignment holds written answers only)."""
    from coursekit.course import Course
    from coursekit.notebooks.keys import read_keys

    course = Course(REPO)
    return [chapter for chapter in course.chapters() if read_keys(course.source_notebook(chapter))]


def copy_sources(folder: Path, chapters: Sequence[str] = ()) -> Path:
    """A new course in `folder`: the project's nbgrader config and the chapters' sources (all when none are
    named), not yet released."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    (folder / "source").mkdir(exist_ok=True)
    for chapter in chapters or sorted(path.name for path in (REPO / "source").iterdir() if path.is_dir()):
        shutil.copytree(REPO / "source" / chapter, folder / "source" / chapter)
    return folder
