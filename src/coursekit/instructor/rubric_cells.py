"""Rubric cells: the cell after a written answer that holds its model answer and rubric from source/.

Shared by the plug-ins that add and drop them (coursekit.instructor.plugins) and by feedback pages, which show a
rubric inside its answer's section.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat

__all__ = ["INTRO", "RUBRIC", "is_rubric", "rubric_cell", "rubric_text", "written_answers"]

RUBRIC = "coursekit_rubric"  # cell metadata: the grade_id of the written answer this cell holds the rubric of
INTRO = "*Model answer and rubric, from the instructor's notebook:*\n\n"


def written_answers(notebook: Any) -> dict[str, str]:
    """grade_id to source of each manually graded markdown cell (in source/: the model answer and rubric)."""
    found = {}
    for cell in notebook.cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "markdown" and grading.get("solution") and grading.get("grade"):
            found[grading.get("grade_id", "")] = cell.source
    return found


def is_rubric(cell: Any) -> bool:
    return RUBRIC in cell.get("metadata", {})


def rubric_cell(grade_id: str, text: str) -> Any:
    cell = nbformat.v4.new_markdown_cell(INTRO + text, metadata={RUBRIC: grade_id})
    cell.id = re.sub(r"[^A-Za-z0-9_-]", "-", f"rubric-{grade_id}")[:64]
    return cell


def rubric_text(cell: Any) -> str:
    """A rubric cell's model answer and rubric, without the line that introduces them."""
    return str(cell.source).removeprefix(INTRO)
