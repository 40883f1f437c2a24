"""SingleChoice and MultipleChoice: synced state, saving, restoring, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets

from coursekit import MultipleChoice, SingleChoice

OPTIONS = ["Automation", "Reproducibility", "Improved data quality", "Workflow integration"]


def test_single_choice_state_and_round_trip(workdir: Path) -> None:
    """Does a single choice start as null, save the option, restore it, and clear back to null?"""
    widget = SingleChoice("ch01.benefits", options=OPTIONS)
    state = widget.get_state()
    assert sorted(state["options"]) == sorted(OPTIONS) and state["value"] is None and state["multiple"] is False
    widget.value = "Improved data quality"
    assert SingleChoice("ch01.benefits", options=OPTIONS).value == "Improved data quality"
    widget.value = None
    assert json.loads((workdir / "answers.json").read_text()) == {"ch01.benefits": None}


def test_single_choice_unknown_option(workdir: Path) -> None:
    """Does an unknown option raise a clear error?"""
    with pytest.raises(traitlets.TraitError, match="unknown option 'Speed'"):
        SingleChoice("ch01.benefits", options=OPTIONS).value = "Speed"


def test_options_are_shown_in_an_order_fixed_by_the_id(workdir: Path) -> None:
    """Are options shown shuffled (so the written order gives nothing away), the same way for every student?"""
    shown = {exercise_id: SingleChoice(exercise_id, options=OPTIONS).options for exercise_id in ("ch01.a", "ch01.b")}
    assert all(sorted(options) == sorted(OPTIONS) for options in shown.values())
    assert SingleChoice("ch01.a", options=OPTIONS).options == shown["ch01.a"]
    assert MultipleChoice("ch01.a", options=OPTIONS).options == shown["ch01.a"]
    orders = {tuple(SingleChoice(f"ch01.n{n}", options=OPTIONS).options) for n in range(30)}
    assert len(orders) > 5 and tuple(OPTIONS) in orders  # every order can occur, the written one too


def test_multiple_choice_keeps_the_shown_order(workdir: Path) -> None:
    """Are picks stored in the order shown, whatever order they were clicked in?"""
    widget = MultipleChoice("ch04.principles", options=OPTIONS)
    assert widget.get_state()["multiple"] is True
    widget.value = list(reversed(widget.options[:2]))
    assert widget.value == widget.options[:2]
    assert widget.status == "2 options picked."
    assert MultipleChoice("ch04.principles", options=OPTIONS).value == widget.options[:2]


def test_multiple_choice_unknown_option(workdir: Path) -> None:
    """Does an unknown option in a multiple choice raise a clear error?"""
    with pytest.raises(traitlets.TraitError, match="unknown option 'Speed'"):
        MultipleChoice("ch04.principles", options=OPTIONS).value = ["Automation", "Speed"]
