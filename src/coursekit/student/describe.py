"""Plain-text and HTML descriptions of answers, shared by the widgets' static views and the graders.

Each function takes any JSON value (a damaged answers.json holds anything) and never raises; the registry
of kinds (`coursekit.scoring.kinds`) says which one describes which kind.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "NO_ANSWER",
    "answer_block",
    "blank",
    "buckets_html",
    "buckets_text",
    "list_html",
    "list_text",
    "plain_html",
    "plain_text",
]

NO_ANSWER = "(no answer)"


def blank(value: Any) -> bool:
    """Nothing given: absent, text of spaces alone (as grading and the self-check count it), empty list or mapping."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def plain_text(value: Any) -> str:
    """A single option or term."""
    return NO_ANSWER if blank(value) else str(value)


def buckets_text(value: Any) -> str:
    """'Dev: a, b; Ops: c'."""
    if blank(value) or not isinstance(value, Mapping):
        return plain_text(value)
    return "; ".join(f"{bucket}: {_joined(items)}" for bucket, items in value.items())


def list_text(separator: str) -> Callable[[Any], str]:
    """Items joined by the separator (' → ' for an order, '; ' for picked options)."""

    def text(value: Any) -> str:
        if blank(value) or not isinstance(value, list):
            return plain_text(value)
        return separator.join(map(str, value))

    return text


def plain_html(value: Any) -> str:
    return f"<p>{html.escape(plain_text(value))}</p>"


def buckets_html(value: Any) -> str:
    if blank(value) or not isinstance(value, Mapping):
        return plain_html(value)
    rows = "".join(
        f"<li><strong>{html.escape(str(bucket))}</strong>: {html.escape(_joined(items))}</li>"
        for bucket, items in value.items()
    )
    return f"<ul>{rows}</ul>"


def list_html(tag: str) -> Callable[[Any], str]:
    """One list element per item: 'ol' for an order, 'ul' for picked options."""

    def block(value: Any) -> str:
        if blank(value) or not isinstance(value, list):
            return plain_html(value)
        return f"<{tag}>" + "".join(f"<li>{html.escape(str(item))}</li>" for item in value) + f"</{tag}>"

    return block


def answer_block(title: str, body: str) -> str:
    """A small static HTML block for places where widgets cannot run (nbconvert, feedback, formgrader)."""
    return (
        f'<div class="coursekit-answer"><p><em>{html.escape(title)}</em> (answer saved in answers.json)</p>{body}</div>'
    )


def _joined(items: Any) -> str:
    return ", ".join(map(str, items if isinstance(items, (list, tuple)) else [items])) or "-"
