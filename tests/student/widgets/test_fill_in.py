"""FillIn: synced state, saving, restoring, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import traitlets

from coursekit import FillIn


def test_state_round_trip_and_completion(workdir: Path) -> None:
    """Is typed text saved as typed, restored, and blank text reported as not answered?"""
    widget = FillIn("ch03.term", placeholder="One or two words")
    assert widget.get_state()["placeholder"] == "One or two words"
    assert widget.status.startswith("Not answered")
    widget.value = "Continuous training"
    assert json.loads((workdir / "answers.json").read_text()) == {"ch03.term": "Continuous training"}
    assert FillIn("ch03.term").value == "Continuous training"
    widget.value = "   "
    assert widget.status.startswith("Not answered")


def test_overlong_text_is_refused(workdir: Path) -> None:
    """Is an essay-length text refused in a short-answer field?"""
    with pytest.raises(traitlets.TraitError, match="at most 500"):
        FillIn("ch03.term").value = "x" * 501
