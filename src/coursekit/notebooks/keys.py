"""Keys read from a source notebook's hidden tests, for instructor tools (reference answers, simulations).

Only ever given a notebook under source/: release notebooks have no hidden tests, so they hold no keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.notebooks.calls import NOT_LITERAL, find_calls
from coursekit.notebooks.listing import NotebookError, read_notebook
from coursekit.scoring.kinds import BY_GRADER, KINDS
from coursekit.scoring.rules import KeyShapeError

__all__ = ["GRADERS", "Key", "hidden_part", "read_keys", "reference_answer"]

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
GRADERS = {grader: kind.name for grader, kind in BY_GRADER.items()}


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
    notebook = read_notebook(Path(path))
    keys: dict[str, Key] = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or BEGIN not in cell.source:
            continue
        hidden = hidden_part(cell.source)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        for call in _grading_calls(hidden):
            keys[call["exercise_id"]] = Key(grade_id=grade_id, **call)
    return keys


def hidden_part(source: str) -> str:
    """The code between a test cell's hidden-test markers; empty when it has none."""
    return source.split(BEGIN, 1)[1].split(END, 1)[0] if BEGIN in source else ""


def _grading_calls(code: str) -> list[dict[str, Any]]:
    calls = []
    for call in find_calls(code, GRADERS):
        arguments = call.arguments
        for name in ("key", "points"):
            if arguments.get(name, NOT_LITERAL) is NOT_LITERAL:
                raise NotebookError(
                    f"the hidden test of {call.exercise_id} has no literal {name}= in its {call.name}(...) call; "
                    f"write the {name} as a plain value in the call"
                )
        kind = BY_GRADER[call.name]
        try:
            kind.score(None, arguments["key"])  # every rule checks its key's shape before the answer
        except KeyShapeError as error:
            raise NotebookError(
                f"the hidden test of {call.exercise_id} has a key of the wrong shape: {error}; "
                f"a {kind.name.replace('_', ' ')} key is {kind.key_shape}"
            ) from None
        why = arguments.get("why", "")
        calls.append(
            {
                "exercise_id": call.exercise_id,
                "kind": kind.name,
                "key": arguments["key"],
                "points": float(arguments["points"]),
                "why": "" if why is NOT_LITERAL else why,
            }
        )
    return calls


def reference_answer(key: Key) -> Any:
    """The answer a student gives who gets everything right, in answers.json's shape."""
    return KINDS[key.kind].reference(key.key)
