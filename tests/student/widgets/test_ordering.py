"""Ordering: synced state, saving, restoring, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets

from coursekit import Ordering

STEPS = ["Collect data", "Train", "Evaluate", "Deploy", "Monitor"]


def test_synced_state_and_unanswered_start(workdir: Path) -> None:
    """Does an ordering start unanswered, with every item shown?"""
    state = Ordering("ch02.steps", items=STEPS).get_state()
    assert sorted(state["items"]) == sorted(STEPS)
    assert state["value"] == []
    assert state["status"].startswith("Not ordered yet")


def test_round_trip(workdir: Path) -> None:
    """Is a chosen order saved and shown again after a restart?"""
    Ordering("ch02.steps", items=STEPS).value = list(reversed(STEPS))
    assert json.loads((workdir / "answers.json").read_text()) == {"ch02.steps": list(reversed(STEPS))}
    again = Ordering("ch02.steps", items=STEPS)
    assert again.value == list(reversed(STEPS))
    assert again.status == "All 5 items ordered. Complete."


REFUSED = "ch02.steps: an order lists every item once; "


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # missing items are named in the order the widget shows them (Deploy, Monitor, Collect data, ...)
        (["Train", "Deploy"], REFUSED + "missing 'Monitor', 'Collect data', 'Evaluate'"),
        (STEPS[:-1] + ["Celebrate"], REFUSED + "unknown item 'Celebrate'"),
        (STEPS[:-1] + ["Train"], REFUSED + "missing 'Monitor'"),
        (STEPS + ["Train"], REFUSED + "an item appears twice"),
    ],
    ids=["too few", "unknown item", "one item twice, one missing", "every item, one twice"],
)
def test_partial_or_unknown_orders_are_refused(workdir: Path, value: list[str], message: str) -> None:
    """Must an order list every item exactly once? Is a wrong one refused with a TraitError saying what is wrong,
    leaving the answer as it was and nothing saved?"""
    widget = Ordering("ch02.steps", items=STEPS)
    with pytest.raises(traitlets.TraitError) as refused:
        widget.value = value
    assert (refused.type, str(refused.value)) == (traitlets.TraitError, message)
    assert widget.value == []
    assert not (workdir / "answers.json").exists()


def test_needs_two_items(workdir: Path) -> None:
    """Is a one-item ordering refused when written?"""
    with pytest.raises(ValueError, match="at least two"):
        Ordering("ch02.one", items=["only"])


def test_shown_order_is_never_closer_to_the_written_one_than_chance(workdir: Path) -> None:
    """Written in their right order, are steps always shown with at least as many pairs reversed as kept?"""
    written = ["a", "b", "c", "d", "e"]
    for n in range(40):
        shown = Ordering(f"ch01.order{n}", items=written).items
        assert sorted(shown) == written
        kept = sum(1 for i, x in enumerate(shown) for y in shown[i + 1 :] if written.index(x) < written.index(y))
        assert kept <= 5, shown  # 5 of the 10 pairs is what a random order keeps on average
    assert Ordering("ch01.two", items=["a", "b"]).items == ["b", "a"]
