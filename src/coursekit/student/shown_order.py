"""The order a widget shows its options or items in: fixed by the exercise id, never the written one.

Kept apart from the widgets so instructor tools (feedback pages) show options as students saw them without
importing the widget machinery.
"""

from __future__ import annotations

import random

__all__ = ["shuffled"]


def shuffled(labels: list[str], seed: str, *, away_from_written: bool = False) -> list[str]:
    """A display order fixed by the exercise id, so it is the same after a restart and for every student.

    With `away_from_written`, the order agrees with the written one no more than chance does (Kendall's tau
    at most 0): steps written in their right order are never shown close to it.
    """
    order = list(labels)
    rng = random.Random(seed)
    rng.shuffle(order)
    while away_from_written and _pair_agreement(order, labels) > 0:
        rng.shuffle(order)  # ends: at least half of all orders agree no more than chance
    return order


def _pair_agreement(order: list[str], written: list[str]) -> int:
    """Pairs in the written relative order minus pairs the other way round."""
    rank = [written.index(label) for label in order]
    return sum(1 if a < b else -1 for i, a in enumerate(rank) for b in rank[i + 1 :])
