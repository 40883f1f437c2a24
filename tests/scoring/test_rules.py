"""Scoring rules, including partial credit and answers of the wrong shape."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.scoring.rules import (
    KeyShapeError,
    normalize_term,
    score_buckets,
    score_fill_in,
    score_multiple_choice,
    score_ordering,
    score_single_choice,
)

KEY = {"Dev": ["a", "b", "c"], "Ops": ["d"]}


def test_buckets_full_partial_and_none() -> None:
    """Is buckets credit kappa above the margin, and does the note name each misplaced item?"""
    assert score_buckets({"Dev": ["a", "b", "c"], "Ops": ["d"]}, KEY).fraction == 1.0
    # a, b, c right out of a-f; chance with the student's bucket sizes (4 in Dev, 2 in Ops) is 1/2
    six = {"Dev": ["a", "b", "c"], "Ops": ["d", "e", "f"]}
    partial = score_buckets({"Dev": ["a", "b", "c", "d"], "Ops": ["e", "f"]}, six)
    assert partial.fraction == pytest.approx(((5 / 6 - 1 / 2) / (1 / 2) - 1 / 3) / (2 / 3))  # 0.5
    assert partial.notes == ["'d' is in Dev, but belongs in Ops."]
    assert partial.missed == ["d"]
    unplaced = score_buckets({"Dev": ["a", "b"], "Ops": ["d"]}, KEY)
    assert "'c' was not placed; it belongs in Dev." in unplaced.notes
    assert score_buckets(None, KEY).notes == ["Not answered."]


def test_buckets_one_bucket_for_all_earns_nothing() -> None:
    """Does putting every item in one bucket score 0 whatever the bucket, with a note saying why?"""
    for bucket in KEY:
        score = score_buckets({bucket: ["a", "b", "c", "d"]}, KEY)
        assert score.fraction == 0.0
    assert score_buckets({"Dev": ["a", "b", "c", "d"]}, KEY).notes[-1] == (
        "3 of 4 items right is no more than guessing gives, so it earns no credit."
    )


def test_buckets_item_in_two_buckets_is_wrong() -> None:
    """Can placing an item in every bucket earn its credit? (It must not: it counts as not placed.)"""
    twice = score_buckets({"Dev": ["a", "b", "c", "d"], "Ops": ["d"]}, KEY)
    assert twice.fraction < score_buckets({"Dev": ["a", "b", "c"]}, KEY).fraction + 1e-9
    assert "'d' is in Dev and Ops, but belongs in Ops." in twice.notes


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


MC_KEY = {"a": True, "b": True, "c": False, "d": False}


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        (["a", "b"], 1.0),
        (["a", "b", "c"], 0.25),  # J = 1 - 1/2, above the margin of 1/3 by 1/6 of 2/3
        (["a"], 0.25),
        (["a", "c"], 0.0),  # J = 1/2 - 1/2: no better than chance
        (["a", "b", "c", "d"], 0.0),  # ticking every option
        (["c", "d"], 0.0),
        ([], 0.0),
    ],
)
def test_multiple_choice_right_share_minus_wrong_share(answer: list[str], fraction: float) -> None:
    """Is credit (share of right options ticked - share of wrong ones ticked) above the margin?"""
    assert score_multiple_choice(answer, MC_KEY).fraction == pytest.approx(fraction)


def test_multiple_choice_notes() -> None:
    """Do the notes name missed and wrongly ticked options, and say why ticking everything earns 0?"""
    score = score_multiple_choice(["a", "c"], MC_KEY)
    assert score.notes[:2] == ["Missed: 'b'.", "Should not be ticked: 'c'."]
    assert score.missed == ["b", "c"]
    assert score_multiple_choice(["a", "b", "c", "d"], MC_KEY).notes[-1] == (
        "The right ticks, weighed against the wrong ones, are no better than guessing: no credit."
    )


def test_multiple_choice_needs_a_key_for_every_option() -> None:
    """Is a key listing only the right options (so wrong ticks cannot be weighed) refused as an authoring error?"""
    with pytest.raises(KeyShapeError, match="maps every option to True"):
        score_multiple_choice(["a"], ["a", "b"])  # type: ignore[arg-type]
    with pytest.raises(KeyShapeError, match="at least one right option"):
        score_multiple_choice(["a"], {"a": False})


ORDER = ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("answer", "tau"),
    [
        (ORDER, 1.0),
        (["2", "1", "3", "4", "5"], 0.8),  # one pair of ten reversed
        (["5", "1", "2", "3", "4"], 0.2),  # four pairs reversed
        (["1", "2", "3"], 0.3),  # three pairs right, the seven with a missing item count as neither
        (ORDER[::-1], -1.0),
        ([], -1.0),
    ],
)
def test_ordering_kendall_tau_above_the_margin(answer: list[str], tau: float) -> None:
    """Is credit Kendall's tau (pairs right minus pairs reversed, over all pairs) above the margin?"""
    assert score_ordering(answer, ORDER).fraction == pytest.approx(max(0.0, (tau - 1 / 3) / (2 / 3)))


def test_ordering_names_items_out_of_place_and_missing() -> None:
    """Do the notes name the item that breaks the order and the items left out?"""
    assert score_ordering(["5", "1", "2", "3", "4"], ORDER).notes[0] == "Out of place: '5'."
    assert score_ordering(["1", "2", "3"], ORDER).notes[0] == "Missing: '4', '5'."


def test_ordering_duplicates_do_not_earn_more() -> None:
    """Can repeating an item inflate the score? (It must not: only first occurrences count.)"""
    assert (
        score_ordering(["1", "1", "1", "2"], ["1", "2", "3"]).fraction
        == score_ordering(["1", "2"], ["1", "2", "3"]).fraction
    )


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
