"""The self-check for every kind of exercise, not only buckets: what it prints for an answer not given, emptied,
partly given and complete, and, under nbgrader validate, the sentence naming each unanswered exercise by id and
title. The exercises and titles are ps1's (tests/tiny_course.py), whose notebook sits in the working folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import IPython
import nbformat
import pytest

from coursekit import Buckets, FillIn, MultipleChoice, Ordering, SingleChoice, check
from coursekit.student.unanswered import UnansweredExercise
from coursekit.student.widgets.base import Exercise
from tiny_course import TINY_RIGHT, tiny_notebook

WIDGETS: dict[str, Callable[[], Exercise]] = {
    "ps1.sort": lambda: Buckets("ps1.sort", buckets=["Fruit", "Vegetable"], items=["Carrot", "Apple", "Leek", "Pear"]),
    "ps1.pick": lambda: SingleChoice("ps1.pick", options=["Boil", "Roast", "Steam"]),
    "ps1.many": lambda: MultipleChoice("ps1.many", options=["Salt", "Sugar", "Flour", "Stone"]),
    "ps1.order": lambda: Ordering("ps1.order", items=["Bake", "Weigh", "Slice", "Knead"]),
    "ps1.term": lambda: FillIn("ps1.term"),
}
TITLES = {  # the headings above each exercise in ps1's notebook, "### Exercise N: <title>"
    "ps1.sort": "Sort it",
    "ps1.pick": "Pick one",
    "ps1.many": "Pick many",
    "ps1.order": "Order it",
    "ps1.term": "Name it",
}

# (exercise, the values given in turn, what the check prints); "not answered yet." when answers.json has nothing
# for it; "emptied": an answer given, then taken back
CASES: dict[str, tuple[str, list[Any], str]] = {
    "buckets-absent": ("ps1.sort", [], "ps1.sort: not answered yet."),
    "buckets-emptied": ("ps1.sort", [{"Fruit": ["Leek"]}, {}], "ps1.sort: 0 of 4 items placed."),
    "buckets-partly": ("ps1.sort", [{"Fruit": ["Leek"]}], "ps1.sort: 1 of 4 items placed."),
    "buckets-complete": ("ps1.sort", [TINY_RIGHT["ps1.sort"]], "ps1.sort: 4 of 4 items placed. Complete."),
    "single-absent": ("ps1.pick", [], "ps1.pick: not answered yet."),
    "single-emptied": ("ps1.pick", ["Boil", None], "ps1.pick: Not answered yet: pick one option."),
    "single-answered": ("ps1.pick", ["Boil"], "ps1.pick: Answered."),  # a wrong pick is answered all the same
    "multiple-absent": ("ps1.many", [], "ps1.many: not answered yet."),
    "multiple-emptied": ("ps1.many", [["Stone"], []], "ps1.many: Not answered yet: pick every option that applies."),
    "multiple-one": ("ps1.many", [["Stone"]], "ps1.many: 1 option picked."),
    "multiple-three": ("ps1.many", [["Salt", "Sugar", "Flour"]], "ps1.many: 3 options picked."),
    "ordering-absent": ("ps1.order", [], "ps1.order: not answered yet."),
    "ordering-emptied": (
        "ps1.order",
        [TINY_RIGHT["ps1.order"], []],
        "ps1.order: Not ordered yet: move an item, or press 'Keep this order'.",
    ),
    "ordering-complete": (
        "ps1.order",
        [["Slice", "Bake", "Knead", "Weigh"]],
        "ps1.order: All 4 items ordered. Complete.",
    ),
    "fill-in-absent": ("ps1.term", [], "ps1.term: not answered yet."),
    "fill-in-emptied": ("ps1.term", ["rye", ""], "ps1.term: Not answered yet: type a term."),
    "fill-in-spaces": ("ps1.term", ["   "], "ps1.term: Not answered yet: type a term."),
    "fill-in-answered": ("ps1.term", ["rye"], "ps1.term: Answered."),
}


@pytest.mark.parametrize(("exercise_id", "values", "printed"), list(CASES.values()), ids=list(CASES))
def test_the_check_says_how_complete_each_kind_is(
    workdir: Path, capsys: pytest.CaptureFixture[str], exercise_id: str, values: list[Any], printed: str
) -> None:
    """Does the check print exactly one line, how complete the saved answer is, for every kind?"""
    widget = WIDGETS[exercise_id]()
    for value in values:
        widget.value = value
    capsys.readouterr()
    check(exercise_id)
    assert capsys.readouterr().out == printed + "\n"


def test_run_all_of_an_unanswered_chapter_names_every_exercise(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run All with nothing answered: does each kind's check name its exercise as not answered, in order?"""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("NBGRADER_VALIDATING", raising=False)
    for exercise_id, make in WIDGETS.items():
        make()
        check(exercise_id)
    assert capsys.readouterr().out.splitlines() == [
        "ps1.sort: not answered yet.",
        "ps1.pick: not answered yet.",
        "ps1.many: not answered yet.",
        "ps1.order: not answered yet.",
        "ps1.term: not answered yet.",
    ]


@pytest.fixture
def validating(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """nbgrader validate running ps1's notebook in the working folder; a stand-in for the kernel's IPython shell."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    monkeypatch.setenv("NBGRADER_VALIDATING", "1")
    nbformat.write(tiny_notebook(), workdir / "ps1.ipynb")
    shell = SimpleNamespace(input_transformers_post=[], execution_count=3)
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    return shell


def run_test_cell(shell: SimpleNamespace, exercise_id: str) -> None:
    """What IPython does with the exercise's released test cell before it runs it (the next cell)."""
    lines = [f"# Autograder test for {exercise_id}\n"]
    for transform in shell.input_transformers_post:
        lines = transform(lines)


@pytest.mark.parametrize(
    ("exercise_id", "blank"),
    [  # None: not in answers.json at all; "null": saved as null
        ("ps1.sort", None),
        ("ps1.sort", {"Fruit": [], "Vegetable": []}),
        ("ps1.pick", None),
        ("ps1.pick", "null"),
        ("ps1.many", None),
        ("ps1.many", []),
        ("ps1.order", None),
        ("ps1.order", []),
        ("ps1.term", None),
        ("ps1.term", "   "),
    ],
    ids=lambda value: str(value),
)
def test_validate_names_each_kind_left_unanswered(
    validating: SimpleNamespace, write_answers: Any, workdir: Path, exercise_id: str, blank: Any
) -> None:
    """Under validate, is the test cell of an exercise of any kind with no answer (absent, or saved empty) rejected
    with the sentence naming it by id and by its heading's title?"""
    others: dict[str, Any] = {other: answer for other, answer in TINY_RIGHT.items() if other != exercise_id}
    if blank is not None:
        others[exercise_id] = None if blank == "null" else blank
    write_answers(workdir, others)
    for other in TINY_RIGHT:
        check(other)
        if other != exercise_id:
            run_test_cell(validating, other)  # answered: runs
        else:
            with pytest.raises(UnansweredExercise) as rejected:
                run_test_cell(validating, other)
            name = f"{exercise_id} ({TITLES[exercise_id]})"
            assert str(rejected.value) == f"{name} has no answer yet: answer it in its widget, then validate again."
        validating.execution_count += 1
