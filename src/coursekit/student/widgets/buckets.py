"""Buckets: drag each item into the bucket it belongs to (or pick the bucket from a list)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import traitlets

from coursekit.student.shown_order import shuffled
from coursekit.student.widgets.base import Exercise, check_labels, esm

__all__ = ["Buckets"]


class Buckets(Exercise):
    """Sort items into buckets. Answer: {"bucket": ["item", ...]}, unplaced items absent."""

    kind: ClassVar[str] = "buckets"
    _esm = esm("buckets.js")

    buckets = traitlets.List(traitlets.Unicode(), help="Bucket names, in the author's order").tag(sync=True)
    items = traitlets.List(traitlets.Unicode(), help="Items to place, in a display order fixed by the id").tag(
        sync=True
    )
    value = traitlets.Dict(help="Bucket name to the items placed in it; unplaced items absent").tag(sync=True)

    def __init__(self, exercise_id: str, *, buckets: Sequence[str], items: Sequence[str], **kwargs: Any):
        buckets = check_labels(buckets, "bucket")
        items = check_labels(items, "item")
        super().__init__(exercise_id, buckets=buckets, items=shuffled(items, exercise_id), **kwargs)

    @traitlets.validate("value")
    def _check_value(self, proposal: dict[str, Any]) -> dict[str, list[str]]:
        value = proposal["value"]
        if not isinstance(value, dict):
            raise traitlets.TraitError(f"{self.exercise_id}: expected {{bucket: [items]}}, got {value!r}")
        seen: set[str] = set()
        clean: dict[str, list[str]] = {}
        for bucket in self.buckets:  # canonical order: the author's buckets, empty ones dropped
            placed = value.get(bucket, [])
            if not isinstance(placed, (list, tuple)):
                raise traitlets.TraitError(f"{self.exercise_id}: items of '{bucket}' must be a list")
            for item in placed:
                if item not in self.items:
                    raise traitlets.TraitError(f"{self.exercise_id}: unknown item {item!r}")
                if item in seen:
                    raise traitlets.TraitError(f"{self.exercise_id}: {item!r} is in two buckets")
                seen.add(item)
            if placed:
                clean[bucket] = list(placed)
        unknown = [bucket for bucket in value if bucket not in self.buckets]
        if unknown:
            raise traitlets.TraitError(
                f"{self.exercise_id}: unknown bucket {unknown[0]!r}; buckets are {', '.join(self.buckets)}"
            )
        return clean

    def completion(self, value: Any) -> str:
        placed = sum(len(items) for items in value.values()) if isinstance(value, dict) else 0
        total = len(self.items)
        done = " Complete." if placed == total else ""
        return f"{placed} of {total} items placed.{done}"
