"""Where the instructor's copy of the notebook nbgrader is converting lives: in source/ or in release/."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from nbgrader.coursedir import CourseDirectory

__all__ = ["assignment_notebook"]


def assignment_notebook(config: Any, resources: Any, folder: Literal["source", "release"]) -> Path:
    """The notebook of the assignment in `resources` (nbgrader's), under the course's source or release folder."""
    coursedir = CourseDirectory(config=config)
    info = resources["nbgrader"]
    directory = coursedir.source_directory if folder == "source" else coursedir.release_directory
    return Path(coursedir.format_path(directory, ".", info["assignment"])) / f"{info['notebook']}.ipynb"
