"""Reading keys from hidden tests, and the reference answers built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.notebooks.keys import Key, read_keys, reference_answer
from coursekit.notebooks.listing import NotebookError
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


def hidden_test(folder: Path, hidden: str, *, visible: str = "") -> Path:
    """A source notebook with one test cell (grade_id `t-test`): `visible` code, then `hidden` between the markers."""
    import nbformat
    import nbformat.v4 as v4

    metadata = {"nbgrader": {"grade": True, "grade_id": "t-test", "points": 2, "solution": False, "locked": True}}
    source = f"{visible}### BEGIN HIDDEN TESTS\nfrom coursekit.scoring import *\n{hidden}\n### END HIDDEN TESTS"
    path = folder / "ps1.ipynb"
    nbformat.write(v4.new_notebook(cells=[v4.new_code_cell(source, metadata=metadata)]), path)
    return path


@pytest.mark.parametrize(
    ("hidden", "message"),
    [
        (
            'grade_buckets("ps1.sort", key=KEY, points=2)',
            "the hidden test of ps1.sort has no literal key= in its grade_buckets(...) call; "
            "write the key as a plain value in the call",
        ),
        (
            'grade_single_choice("ps1.pick", key="Roast")',
            "the hidden test of ps1.pick has no literal points= in its grade_single_choice(...) call; "
            "write the points as a plain value in the call",
        ),
        (
            'grade_fill_in("ps1.term", key="levain", points=POINTS)',
            "the hidden test of ps1.term has no literal points= in its grade_fill_in(...) call; "
            "write the points as a plain value in the call",
        ),
        (
            'grade_buckets("ps1.sort", key=["Apple", "Pear"], points=2)',
            "the hidden test of ps1.sort has a key of the wrong shape: a buckets key maps each bucket to the list "
            'of its items; a buckets key is {"bucket": ["item", ...]} listing every item once',
        ),
        (
            'grade_single_choice("ps1.pick", key=2, points=1)',
            "the hidden test of ps1.pick has a key of the wrong shape: a single choice key is the right option's "
            'text; a single choice key is "the right option"',
        ),
    ],
    ids=["key not literal", "no points", "points not literal", "buckets key a list", "single choice key a number"],
)
def test_a_badly_written_hidden_test_is_refused_by_name(tmp_path: Path, hidden: str, message: str) -> None:
    """Does a key or points that is code, missing, or of the wrong shape give a NotebookError naming the exercise
    and saying how to write it, rather than a key nobody can grade by?"""
    with pytest.raises(NotebookError) as refused:
        read_keys(hidden_test(tmp_path, hidden))
    assert (refused.type, str(refused.value)) == (NotebookError, message)


@pytest.mark.parametrize(
    "hidden",
    [
        'grade_fill_in("ps1.term", key="levain", points=1',  # does not parse
        'grade_fill_in(EXERCISE, key="levain", points=1)',  # the id is code
        "%time grade_fill_in('ps1.term', key='levain', points=1)",  # a magic line is not Python
    ],
    ids=["syntax error", "id not literal", "call on a magic line"],
)
def test_a_grading_call_that_cannot_be_read_gives_no_key(tmp_path: Path, hidden: str) -> None:
    """Is a hidden test whose call cannot be read without running it skipped (no key, no error), so that
    `coursekit check` reports the exercise as having no hidden test?"""
    assert read_keys(hidden_test(tmp_path, hidden)) == {}


def test_only_the_hidden_part_is_read_and_a_coded_why_is_left_out(tmp_path: Path) -> None:
    """Is a grading call outside the hidden-test markers ignored, a magic line beside a call harmless, and a why=
    that is code read as no explanation?"""
    path = hidden_test(
        tmp_path,
        "%load_ext autoreload\ngrade_fill_in('ps1.term', key=['levain'], points=1, why=REASON)",
        visible="grade_fill_in('ps1.visible', key='shown', points=1)\n",
    )
    assert read_keys(path) == {
        "ps1.term": Key(exercise_id="ps1.term", kind="fill_in", key=["levain"], points=1.0, why="", grade_id="t-test")
    }
