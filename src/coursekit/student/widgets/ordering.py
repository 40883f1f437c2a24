"""Ordering: put steps in order by dragging them or with move-up and move-down buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import traitlets

from coursekit.student.shown_order import shuffled
from coursekit.student.widgets.base import Exercise, check_labels, esm

__all__ = ["Ordering"]


class Ordering(Exercise):
    """Order items. Answer: every item, in the chosen order (empty until the student orders them)."""

    kind: ClassVar[str] = "ordering"
    _esm = esm("ordering.js")

    items = traitlets.List(traitlets.Unicode(), help="Items in their starting order, fixed by the id").tag(sync=True)
    value = traitlets.List(traitlets.Unicode(), help="Every item in the chosen order, or empty").tag(sync=True)

    def __init__(self, exercise_id: str, *, items: Sequence[str], **kwargs: Any):
        items = check_labels(items, "item")
        if len(items) < 2:
            raise ValueError("an ordering needs at least two items")
        super().__init__(exercise_id, items=shuffled(items, exercise_id, away_from_written=True), **kwargs)

    @traitlets.validate("value")
    def _check_value(self, proposal: dict[str, Any]) -> list[str]:
        value = list(proposal["value"])
        if value and sorted(value) != sorted(self.items):
            unknown = [item for item in value if item not in self.items]
            missing = [item for item in self.items if item not in value]
            problem = f"unknown item {unknown[0]!r}" if unknown else f"missing {', '.join(map(repr, missing))}"
            if not unknown and not missing:
                problem = "an item appears twice"
            raise traitlets.TraitError(f"{self.exercise_id}: an order lists every item once; {problem}")
        return value

    def completion(self, value: Any) -> str:
        if value:
            return f"All {len(self.items)} items ordered. Complete."
        return "Not ordered yet: move an item, or press 'Keep this order'."
