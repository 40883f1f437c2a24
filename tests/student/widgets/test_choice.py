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
    assert state["options"] == OPTIONS and state["value"] is None and state["multiple"] is False
    widget.value = "Improved data quality"
    assert SingleChoice("ch01.benefits", options=OPTIONS).value == "Improved data quality"
    widget.value = None
    assert json.loads((workdir / "answers.json").read_text()) == {"ch01.benefits": None}


def test_single_choice_unknown_option(workdir: Path) -> None:
    """Does an unknown option raise a clear error?"""
    with pytest.raises(traitlets.TraitError, match="unknown option 'Speed'"):
        SingleChoice("ch01.benefits", options=OPTIONS).value = "Speed"


def test_multiple_choice_keeps_author_order(workdir: Path) -> None:
    """Are picks stored in the options' order, whatever order they were clicked in?"""
    widget = MultipleChoice("ch04.principles", options=OPTIONS)
    assert widget.get_state()["multiple"] is True
    widget.value = ["Workflow integration", "Automation"]
    assert widget.value == ["Automation", "Workflow integration"]
    assert widget.status == "2 options picked."
    assert MultipleChoice("ch04.principles", options=OPTIONS).value == [
        "Automation",
        "Workflow integration",
    ]


def test_multiple_choice_unknown_option(workdir: Path) -> None:
    """Does an unknown option in a multiple choice raise a clear error?"""
    with pytest.raises(traitlets.TraitError, match="unknown option 'Speed'"):
        MultipleChoice("ch04.principles", options=OPTIONS).value = ["Automation", "Speed"]
