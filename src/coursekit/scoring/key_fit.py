"""Does a key fit its widget? Each kind's check of a well-shaped key against what the widget shows.

A key that names an item the widget lacks, or leaves one out, still scores: a perfect answer then earns part
of the points and the feedback expects what no student could give. These checks find that before release.
Each returns short sentences naming what does not fit; none when the key fits. The key's shape is checked by
the scoring rules themselves (KeyShapeError); a widget argument that is code, not a literal, is not checked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

__all__ = ["fit_buckets", "fit_fill_in", "fit_multiple_choice", "fit_ordering", "fit_single_choice"]


def _quoted(names: list[str]) -> str:
    return ", ".join(repr(name) for name in names)


def _listed(shown: Mapping[str, Any], name: str) -> list[str] | None:
    value = shown.get(name)
    return [str(item) for item in value] if isinstance(value, list) else None


def _same_set(kind: str, key_names: list[str], shown: list[str], what: str) -> list[str]:
    problems = []
    extra = [name for name in key_names if name not in shown]
    missing = [name for name in shown if name not in key_names]
    twice = [name for name, count in Counter(key_names).items() if count > 1]
    if extra:
        problems.append(f"the {kind} key names {_quoted(extra)}, which the widget does not have as {what}")
    if missing:
        problems.append(f"the {kind} key leaves out {_quoted(missing)}, which the widget shows")
    if twice:
        problems.append(f"the {kind} key lists {_quoted(twice)} more than once")
    return problems


def fit_buckets(key: Any, shown: Mapping[str, Any]) -> list[str]:
    """Every item placed once; the key's buckets among the widget's."""
    problems = []
    buckets, items = _listed(shown, "buckets"), _listed(shown, "items")
    if buckets is not None:
        unknown = [bucket for bucket in key if bucket not in buckets]
        if unknown:
            problems.append(f"the buckets key uses bucket {_quoted(unknown)}, which the widget does not have")
    if items is not None:
        placed = [item for bucket_items in key.values() for item in bucket_items]
        problems += _same_set("buckets", placed, items, "an item")
    return problems


def fit_single_choice(key: Any, shown: Mapping[str, Any]) -> list[str]:
    """The right option is one of the options."""
    options = _listed(shown, "options")
    if options is None or key in options:
        return []
    return [f"the single choice key {key!r} is not one of the widget's options ({_quoted(options)})"]


def fit_multiple_choice(key: Any, shown: Mapping[str, Any]) -> list[str]:
    """Every option, and only those, marked right or wrong."""
    options = _listed(shown, "options")
    return [] if options is None else _same_set("multiple choice", list(key), options, "an option")


def fit_ordering(key: Any, shown: Mapping[str, Any]) -> list[str]:
    """The order is a permutation of the widget's items."""
    items = _listed(shown, "items")
    return [] if items is None else _same_set("ordering", list(key), items, "an item")


def fit_fill_in(key: Any, shown: Mapping[str, Any]) -> list[str]:
    """Every accepted term has some text in it."""
    terms = [key] if isinstance(key, str) else list(key)
    if not terms or any(not str(term).strip() for term in terms):
        return ["the fill-in key has an empty accepted term, which a blank answer would match"]
    return []
