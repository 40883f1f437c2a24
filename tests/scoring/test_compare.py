"""Answers beside their keys, part by part, as feedback pages show them."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from coursekit.scoring.compare import (
    Comparison,
    compare_buckets,
    compare_fill_in,
    compare_multiple_choice,
    compare_ordering,
    compare_single_choice,
)
from coursekit.scoring.kinds import KINDS

BUCKETS = {"Fruit": ["Apple", "Pear"], "Vegetable": ["Carrot", "Leek"]}
CHOICES = {"Salt": True, "Sugar": True, "Flour": False, "Stone": False}
STEPS = ["Weigh", "Knead", "Bake", "Slice"]


def table(comparison: Comparison) -> list[tuple[tuple[str, ...], str | None]]:
    return [(row.cells, row.verdict) for row in comparison.rows]


def test_buckets_mark_each_item_by_the_students_bucket() -> None:
    """Is each item shown in the bucket it was put in, beside its right bucket, unplaced items last as missed?"""
    answer = {"Fruit": ["Apple", "Carrot"], "Vegetable": ["Leek"]}
    rows = table(compare_buckets(answer, BUCKETS, ["Leek", "Carrot", "Pear", "Apple"]))
    assert rows == [
        (("Carrot", "Fruit", "Vegetable"), "wrong"),
        (("Apple", "Fruit", "Fruit"), "right"),
        (("Leek", "Vegetable", "Vegetable"), "right"),
        (("Pear", "not placed", "Fruit"), "missed"),
    ]


def test_single_choice_marks_the_pick_and_names_the_key() -> None:
    """Is a wrong pick marked wrong, the key named, and the other options left unjudged, in the shown order?"""
    rows = table(compare_single_choice("Boil", "Roast", ["Steam", "Roast", "Boil"]))
    assert rows == [
        (("Steam", "", ""), None),
        (("Roast", "", "right answer"), None),
        (("Boil", "your choice", ""), "wrong"),
    ]
    assert table(compare_single_choice(None, "Roast", ["Boil", "Roast"]))[1][1] == "missed"


def test_multiple_choice_judges_every_option_once_anything_is_ticked() -> None:
    """Ticking a wrong option is wrong, leaving a right one is missed, leaving a wrong one is right."""
    rows = dict(
        (cells[0], (cells[1], verdict)) for cells, verdict in table(compare_multiple_choice(["Salt", "Stone"], CHOICES))
    )
    assert rows == {
        "Salt": ("ticked", "right"),
        "Sugar": ("not ticked", "missed"),
        "Flour": ("not ticked", "right"),
        "Stone": ("ticked", "wrong"),
    }
    untouched = table(compare_multiple_choice([], CHOICES))
    assert [verdict for _, verdict in untouched] == ["missed", "missed", None, None]


def test_ordering_marks_only_the_steps_out_of_place() -> None:
    """One step moved to the front: is that step wrong and the others, still in order, right?"""
    rows = table(compare_ordering(["Slice", "Weigh", "Knead", "Bake"], STEPS))
    assert rows == [
        (("1", "Slice", "4"), "wrong"),
        (("2", "Weigh", "1"), "right"),
        (("3", "Knead", "2"), "right"),
        (("4", "Bake", "3"), "right"),
    ]
    assert table(compare_ordering(["Weigh"], STEPS))[1:] == [
        (("not placed", step, str(place)), "missed") for place, step in enumerate(STEPS[1:], start=2)
    ]


def test_fill_in_shows_what_was_typed_against_every_accepted_term() -> None:
    """Is the typed text kept as typed, judged as the rule judges it, with every accepted term listed?"""
    assert table(compare_fill_in(" Levain. ", ["sourdough", "levain"])) == [
        ((" Levain. ", "sourdough, levain"), "right")
    ]
    assert table(compare_fill_in("", "sourdough")) == [(("(no answer)", "sourdough"), "missed")]
    assert table(compare_fill_in("rye", "sourdough"))[0][1] == "wrong"


KEYS: dict[str, Any] = {
    "buckets": BUCKETS,
    "single_choice": "Roast",
    "multiple_choice": CHOICES,
    "ordering": STEPS,
    "fill_in": ["sourdough", "levain"],
}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(kind=st.sampled_from(sorted(KEYS)), answer=JSON)
def test_any_json_answer_compares_without_raising(kind: str, answer: Any) -> None:
    """Whatever a damaged answers.json holds, does every kind give a table of strings, a key column and verdicts?"""
    comparison = KINDS[kind].compare(answer, KEYS[kind], [])
    assert comparison.rows and comparison.key_columns
    for row in comparison.rows:
        assert len(row.cells) == len(comparison.columns) and all(isinstance(cell, str) for cell in row.cells)
        assert row.verdict in (None, "right", "wrong", "missed")


@given(kind=st.sampled_from(sorted(KEYS)))
def test_the_reference_answer_is_right_in_every_part(kind: str) -> None:
    """Does the answer that earns full marks show no part wrong or missed?"""
    key = KEYS[kind]
    comparison = KINDS[kind].compare(KINDS[kind].reference(key), key, [])
    assert {row.verdict for row in comparison.rows} <= {"right", None}
    assert any(row.verdict == "right" for row in comparison.rows)
