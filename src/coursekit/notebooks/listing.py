"""The exercise listing of a notebook (source or release), read from its cells without running it.

Widgets are found in code cells by their call (`Buckets("ch01.x", buckets=[...], items=[...])`); points
come from the autograder test cell that names the exercise id; written answers are nbgrader's manually
graded markdown cells. Keys are never read: they sit in hidden tests, which this module does not parse.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import nbformat

from coursekit.errors import CoursekitError
from coursekit.notebooks.calls import NOT_LITERAL, find_calls
from coursekit.scoring.kinds import BY_WIDGET
from coursekit.student.headings import heading_title, names_exercise

__all__ = ["WIDGET_KINDS", "NotebookError", "heading_title", "list_exercises", "read_notebook", "split_heading"]

WIDGET_KINDS = {widget: kind.name for widget, kind in BY_WIDGET.items()}


def split_heading(source: str) -> tuple[int, str, str]:
    """A markdown cell's opening line as a heading: its level (0 when it is no heading), its text without the
    #s, and the rest of the cell."""
    first, _, rest = source.lstrip().partition("\n")
    text = first.lstrip("#")
    return len(first) - len(text), text.strip(), rest.strip()


class NotebookError(CoursekitError):
    """The notebook cannot be read as a notebook."""


def list_exercises(path: str | Path) -> list[dict[str, Any]]:
    """Each exercise in notebook order: id, kind, title, points, and its buckets, items or options."""
    notebook = read_notebook(Path(path))
    exercises: list[dict[str, Any]] = []
    title = ""
    for cell in notebook.cells:
        grading = _grading(cell)
        if cell.cell_type == "markdown":
            if grading.get("solution") and grading.get("grade"):
                exercises.append(_written(Path(path).stem, grading, title))
                continue
            title = heading_title(cell.source) or title
        elif cell.cell_type == "code":
            exercises.extend(_widget_calls(cell.source, title))
    for exercise in exercises:
        if exercise["kind"] != "written":
            exercise["points"] = _test_points(notebook, exercise["id"])
    return exercises


def read_notebook(path: Path) -> Any:
    """The notebook at `path`, or a NotebookError that says why it cannot be read."""
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such notebook") from None
    except Exception as error:  # nbformat raises several unrelated types for bad input
        raise NotebookError(f"{path} is not a readable notebook ({type(error).__name__}: {error})") from None


def _written(chapter: str, grading: dict[str, Any], title: str) -> dict[str, Any]:
    return {
        "id": f"{chapter}.{grading.get('grade_id', '')}",
        "kind": "written",
        "title": title,
        "points": _points(grading),
    }


def _widget_calls(source: str, title: str) -> list[dict[str, Any]]:
    found = []
    for call in find_calls(source, WIDGET_KINDS):
        kind = BY_WIDGET[call.name]
        entry: dict[str, Any] = {"id": call.exercise_id, "kind": kind.name, "title": title}
        for name, value in call.arguments.items():
            if name in kind.content:
                entry[name] = None if value is NOT_LITERAL else value
        found.append(entry)
    return found


def _test_points(notebook: Any, exercise_id: str) -> float:
    """Points of the autograder test cells whose visible part (what the release keeps) names the id."""
    total = 0.0
    for cell in notebook.cells:
        grading = _grading(cell)
        if cell.cell_type != "code" or not grading.get("grade") or grading.get("solution"):
            continue
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        if names_exercise(visible, exercise_id):
            total += _points(grading)
    return total


# A submitted notebook is listed too (to tell whose exercises it holds), and its metadata may hold anything
def _grading(cell: Any) -> dict[str, Any]:
    grading = cell.get("metadata", {}).get("nbgrader", {})
    return grading if isinstance(grading, dict) else {}


def _points(grading: dict[str, Any]) -> float:
    try:
        points = float(grading.get("points", 0))
    except (TypeError, ValueError):
        return 0.0
    return points if math.isfinite(points) else 0.0
