"""The test chapter ps1 (tests/tiny_course.py, about cooking) handed out in a student's folder: browser tests that
picture widgets or check how they behave use it, so that nothing shown or saved comes from the course's keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat

from coursekit.notebooks.keys import Key, read_keys
from tiny_course import tiny_notebook

__all__ = ["hand_out_ps1", "widgets_only"]


def widgets_only(grade_id: str) -> bool:
    """Keep only the cells that draw a widget."""
    return grade_id.endswith("-widget")


def hand_out_ps1(folder: Path, *, keep: Callable[[str], bool]) -> tuple[Path, list[Key]]:
    """A new folder with a ps1 notebook of the cells whose grade_id is kept, and ps1's keys."""
    folder.mkdir()
    source = tiny_notebook()
    student = nbformat.v4.new_notebook(metadata=source.metadata)
    student.cells = [cell for cell in source.cells if keep(cell.metadata.get("nbgrader", {}).get("grade_id", ""))]
    nbformat.write(student, folder / "ps1.ipynb")
    nbformat.write(source, folder / "ps1-source.ipynb")
    return folder / "ps1.ipynb", list(read_keys(folder / "ps1-source.ipynb").values())
