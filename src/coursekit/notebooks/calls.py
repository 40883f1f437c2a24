"""The one walker over notebook code: calls of given names, their exercise id and literal keyword arguments.

Widget constructors (`Buckets("ch01.x", items=[...])`) and grading calls (`grade_buckets("ch01.x", key=...)`)
are read alike, as source text, without running anything.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NOT_LITERAL", "Call", "find_calls"]

NOT_LITERAL: Any = object()  # stands for an argument that is code, not a literal value


@dataclass(frozen=True)
class Call:
    """One call: the function's name, the exercise id (its first argument) and its keyword arguments."""

    name: str
    exercise_id: str
    arguments: dict[str, Any] = field(default_factory=dict)


def find_calls(source: str, names: Collection[str]) -> list[Call]:
    """Calls to any of `names` whose first argument is a literal string (outer calls before inner ones).

    Code that does not parse gives no calls; a keyword argument that is not a literal is NOT_LITERAL.
    """
    # IPython magics and shell lines are not Python; blank them so the rest still parses
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        exercise_id = _literal(node.args[0])
        if not isinstance(name, str) or name not in names or not isinstance(exercise_id, str):
            continue
        arguments = {keyword.arg: _literal(keyword.value) for keyword in node.keywords if keyword.arg}
        found.append(Call(name, exercise_id, arguments))
    return found


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_LITERAL
