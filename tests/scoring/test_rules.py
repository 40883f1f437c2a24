"""Scoring rules, including partial credit and answers of the wrong shape."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.scoring.rules import (
    normalize_term,
    score_buckets,
    score_fill_in,
    score_multiple_choice,
    score_ordering,
    score_single_choice,
)

KEY = {"Dev": ["a", "b", "c"], "Ops": ["d"]}


def test_buckets_full_partial_and_none() -> None:
    """Is each item in its bucket worth an equal share, and does the note name the misplaced item?"""
    assert score_buckets({"Dev": ["a", "b", "c"], "Ops": ["d"]}, KEY).fraction == 1.0
    partial = score_buckets({"Dev": ["a", "d"], "Ops": ["b"]}, KEY)
    assert partial.fraction == 0.25
    assert "'d' is in Dev, but belongs in Ops." in partial.notes
    assert "'c' was not placed; it belongs in Dev." in partial.notes
    assert partial.missed == ["b", "c", "d"]
    assert score_buckets(None, KEY).notes == ["Not answered."]


def test_buckets_item_in_two_buckets_is_wrong() -> None:
    """Can placing an item in every bucket earn its credit? (It must not.)"""
    assert score_buckets({"Dev": ["a", "b", "c", "d"], "Ops": ["d"]}, KEY).fraction == 0.75


class AlwaysEqual:
    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


@pytest.mark.parametrize(
    "answer",
    ["Dev", ["a"], {"Dev": "a"}, {"Dev": [1]}, AlwaysEqual(), {"Dev": AlwaysEqual()}],
)
def test_buckets_wrong_shape_scores_zero(answer: Any) -> None:
    """Does an answer that is not {bucket: [item]} plain data (or an always-equal object) score 0?"""
    assert score_buckets(answer, KEY).fraction == 0.0


def test_single_choice() -> None:
    """Is a single choice all or nothing, and immune to an always-equal object?"""
    assert score_single_choice("x", "x").fraction == 1.0
    assert score_single_choice("y", "x").fraction == 0.0
    assert score_single_choice(None, "x").notes == ["Not answered."]
    assert score_single_choice(AlwaysEqual(), "x").fraction == 0.0


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        (["a", "b"], 1.0),
        (["a"], 0.5),
        (["a", "b", "c"], 0.5),
        (["a", "c"], 0.0),
        (["c", "d"], 0.0),
        ([], 0.0),
    ],
)
def test_multiple_choice_net_correct(answer: list[str], fraction: float) -> None:
    """Is credit right picks minus wrong picks over the right options, floored at 0?"""
    assert score_multiple_choice(answer, ["a", "b"]).fraction == fraction


def test_multiple_choice_notes() -> None:
    """Do the notes name missed and wrongly picked options?"""
    score = score_multiple_choice(["a", "c"], ["a", "b"])
    assert score.notes == ["Missed: 'b'.", "Should not be picked: 'c'."]
    assert score.missed == ["b", "c"]


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        (["1", "2", "3", "4", "5"], 1.0),
        (["2", "1", "3", "4", "5"], 0.75),
        (["1", "3", "2", "4", "5"], 0.75),
        (["5", "1", "2", "3", "4"], 0.75),
        (["5", "4", "3", "2", "1"], 0.0),
        ([], 0.0),
    ],
)
def test_ordering_longest_run_in_order(answer: list[str], fraction: float) -> None:
    """Is credit (longest run in the right relative order - 1) / (items - 1)?"""
    assert score_ordering(answer, ["1", "2", "3", "4", "5"]).fraction == fraction


def test_ordering_names_items_out_of_place() -> None:
    """Does the note name the item that breaks the order?"""
    assert score_ordering(["5", "1", "2", "3", "4"], ["1", "2", "3", "4", "5"]).notes == ["Out of place: '5'."]


def test_ordering_duplicates_do_not_earn_more() -> None:
    """Can repeating an item inflate the run? (It must not.)"""
    assert score_ordering(["1", "1", "1", "2"], ["1", "2", "3"]).fraction == 0.5


@pytest.mark.parametrize(
    "typed",
    ["Continuous Training", "  continuous   training. ", "CT", "“ct”"],
)
def test_fill_in_accepts_alternatives_ignoring_case_and_spacing(typed: str) -> None:
    """Are case, spacing, quotes and a trailing full stop ignored, and alternatives accepted?"""
    assert score_fill_in(typed, ["continuous training", "CT"]).fraction == 1.0


def test_fill_in_wrong_and_empty() -> None:
    """Do a wrong term and a blank answer score 0 with a note?"""
    assert score_fill_in("CI", "CT").notes == ["'CI' is not an accepted answer."]
    assert score_fill_in("   ", "CT").notes == ["Not answered."]
    assert score_fill_in(["CT"], "CT").fraction == 0.0


def test_normalize_term() -> None:
    """Does normalisation keep inner punctuation that changes meaning?"""
    assert normalize_term(" A/B  Testing. ") == "a/b testing"
