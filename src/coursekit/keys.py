"""Keys read from a source notebook's hidden tests, for instructor tools (reference answers, simulations).

Only ever given a notebook under source/: release notebooks have no hidden tests, so they hold no keys.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["GRADERS", "Key", "read_keys", "reference_answer"]

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
GRADERS = {
    "grade_buckets": "buckets",
    "grade_single_choice": "single_choice",
    "grade_multiple_choice": "multiple_choice",
    "grade_ordering": "ordering",
    "grade_fill_in": "fill_in",
}


@dataclass(frozen=True)
class Key:
    """One exercise's key as its hidden test states it."""

    exercise_id: str
    kind: str
    key: Any
    points: float
    why: str
    grade_id: str


def read_keys(path: str | Path) -> dict[str, Key]:
    """Exercise id to key, for every grading call in the notebook's hidden tests."""
    notebook = nbformat.read(Path(path), as_version=4)  # type: ignore[no-untyped-call]
    keys: dict[str, Key] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or BEGIN not in cell.source:
            continue
        hidden = cell.source.split(BEGIN, 1)[1].split(END, 1)[0]
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        for call in _grading_calls(hidden):
            keys[call["exercise_id"]] = Key(grade_id=grade_id, **call)
    return keys


def _grading_calls(code: str) -> list[dict[str, Any]]:
    calls = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in GRADERS or not node.args:
            continue
        arguments = {keyword.arg: ast.literal_eval(keyword.value) for keyword in node.keywords if keyword.arg}
        calls.append(
            {
                "exercise_id": ast.literal_eval(node.args[0]),
                "kind": GRADERS[name],
                "key": arguments["key"],
                "points": float(arguments["points"]),
                "why": arguments.get("why", ""),
            }
        )
    return calls


def reference_answer(key: Key) -> Any:
    """The answer a student gives who gets everything right, in answers.json's shape."""
    if key.kind == "fill_in":
        return key.key if isinstance(key.key, str) else key.key[0]
    if key.kind == "buckets":
        return {bucket: list(items) for bucket, items in key.key.items()}
    if key.kind in ("multiple_choice", "ordering"):
        return list(key.key)
    return key.key
