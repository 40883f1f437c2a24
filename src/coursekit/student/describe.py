"""Plain-text and HTML descriptions of answers, shared by the widgets' static views and the graders."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["NO_ANSWER", "describe", "describe_html"]

NO_ANSWER = "(no answer)"


def describe(kind: str, value: Any) -> str:
    """One line describing an answer of the given kind, tolerant of any JSON value."""
    if value is None or value == "" or value == [] or value == {}:
        return NO_ANSWER
    if kind == "buckets" and isinstance(value, Mapping):
        parts = [f"{bucket}: {', '.join(map(str, _as_list(items))) or '-'}" for bucket, items in value.items()]
        return "; ".join(parts)
    if kind == "ordering" and isinstance(value, Sequence) and not isinstance(value, str):
        return " → ".join(map(str, value))
    if kind == "multiple_choice" and isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(map(str, value))
    return str(value)


def describe_html(kind: str, value: Any, *, title: str) -> str:
    """A small static HTML block for places where widgets cannot run (nbconvert, feedback, formgrader)."""
    body: str
    if kind == "buckets" and isinstance(value, Mapping) and value:
        rows = "".join(
            f"<li><strong>{html.escape(str(bucket))}</strong>: "
            f"{html.escape(', '.join(map(str, _as_list(items))) or '-')}</li>"
            for bucket, items in value.items()
        )
        body = f"<ul>{rows}</ul>"
    elif kind == "ordering" and isinstance(value, list) and value:
        body = "<ol>" + "".join(f"<li>{html.escape(str(item))}</li>" for item in value) + "</ol>"
    elif kind == "multiple_choice" and isinstance(value, list) and value:
        body = "<ul>" + "".join(f"<li>{html.escape(str(item))}</li>" for item in value) + "</ul>"
    else:
        body = f"<p>{html.escape(describe(kind, value))}</p>"
    return (
        f'<div class="coursekit-answer"><p><em>{html.escape(title)}</em> (answer saved in answers.json)</p>{body}</div>'
    )


def _as_list(items: Any) -> list[Any]:
    return list(items) if isinstance(items, (list, tuple)) else [items]
