"""Reading keys from hidden tests, and the reference answers built from them."""

from __future__ import annotations

from pathlib import Path

from coursekit.notebooks.keys import read_keys, reference_answer
from tiny_course import TINY_RIGHT


def test_reads_every_grading_call(tiny_course: Path) -> None:
    """Are kind, key, points, why and the test cell's grade_id read for each exercise?"""
    keys = read_keys(tiny_course / "source" / "ps1" / "ps1.ipynb")
    assert sorted(keys) == sorted(TINY_RIGHT)
    sort = keys["ps1.sort"]
    assert (sort.kind, sort.points, sort.why, sort.grade_id) == (
        "buckets",
        2.0,
        "Fruit carry the seeds.",
        "sort-test",
    )
    assert keys["ps1.term"].key == ["sourdough", "levain"]


def test_reference_answers_have_the_answer_shape(tiny_course: Path) -> None:
    """Is the reference answer of each kind what a fully right student stores?"""
    keys = read_keys(tiny_course / "source" / "ps1" / "ps1.ipynb")
    answers = {exercise_id: reference_answer(key) for exercise_id, key in keys.items()}
    assert answers == {**TINY_RIGHT, "ps1.term": "sourdough"}
