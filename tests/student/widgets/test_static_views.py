"""The static views of every widget (nbconvert, feedback and formgrader show them where widgets cannot run):
text/plain and text/html of an unanswered, a partly answered and a complete answer, exactly, for each of the five
kinds. The exercises are ps1's (tests/tiny_course.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coursekit import Buckets, FillIn, MultipleChoice, Ordering, SingleChoice
from coursekit.student.widgets.base import Exercise

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def sort() -> Exercise:
    return Buckets("ps1.sort", buckets=["Fruit", "Vegetable"], items=["Carrot", "Apple", "Leek", "Pear"])


def pick() -> Exercise:
    return SingleChoice("ps1.pick", options=["Boil", "Roast", "Steam"])


def many() -> Exercise:
    return MultipleChoice("ps1.many", options=["Salt", "Sugar", "Flour", "Stone"])


def order() -> Exercise:
    return Ordering("ps1.order", items=["Bake", "Weigh", "Slice", "Knead"])


def term() -> Exercise:
    return FillIn("ps1.term")


def block(exercise_id: str, body: str) -> str:
    """The HTML block around every static view: the exercise id, where the answer is kept, then the answer."""
    return f'<div class="coursekit-answer"><p><em>{exercise_id}</em> (answer saved in answers.json)</p>{body}</div>'


NOTHING = "<p>(no answer)</p>"
# (widget, value given, text/plain, the HTML inside the block)
CASES: dict[str, tuple[Callable[[], Exercise], Any, str, str]] = {
    "buckets-unanswered": (sort, None, "ps1.sort: (no answer)", NOTHING),
    "buckets-emptied": (sort, {"Fruit": [], "Vegetable": []}, "ps1.sort: (no answer)", NOTHING),
    "buckets-partly": (
        sort,
        {"Vegetable": ["Leek"]},
        "ps1.sort: Vegetable: Leek",
        "<ul><li><strong>Vegetable</strong>: Leek</li></ul>",
    ),
    # buckets in the author's order, whatever order they were given in; items in the order placed
    "buckets-complete": (
        sort,
        {"Vegetable": ["Leek", "Carrot"], "Fruit": ["Pear", "Apple"]},
        "ps1.sort: Fruit: Pear, Apple; Vegetable: Leek, Carrot",
        "<ul><li><strong>Fruit</strong>: Pear, Apple</li><li><strong>Vegetable</strong>: Leek, Carrot</li></ul>",
    ),
    "single-unanswered": (pick, None, "ps1.pick: (no answer)", NOTHING),
    "single-answered": (pick, "Steam", "ps1.pick: Steam", "<p>Steam</p>"),
    "multiple-unanswered": (many, None, "ps1.many: (no answer)", NOTHING),
    "multiple-emptied": (many, [], "ps1.many: (no answer)", NOTHING),
    "multiple-partly": (many, ["Stone"], "ps1.many: Stone", "<ul><li>Stone</li></ul>"),
    # picked options in the order shown (Sugar, Flour, Stone, Salt for this id), whatever order they were ticked in
    "multiple-complete": (
        many,
        ["Salt", "Flour", "Sugar"],
        "ps1.many: Sugar; Flour; Salt",
        "<ul><li>Sugar</li><li>Flour</li><li>Salt</li></ul>",
    ),
    "ordering-unanswered": (order, None, "ps1.order: (no answer)", NOTHING),
    "ordering-emptied": (order, [], "ps1.order: (no answer)", NOTHING),
    # an order always lists every item (a part of one is refused), so an answered ordering is complete
    "ordering-complete": (
        order,
        ["Knead", "Weigh", "Bake", "Slice"],
        "ps1.order: Knead → Weigh → Bake → Slice",
        "<ol><li>Knead</li><li>Weigh</li><li>Bake</li><li>Slice</li></ol>",
    ),
    "fill-in-unanswered": (term, None, "ps1.term: (no answer)", NOTHING),
    "fill-in-emptied": (term, "", "ps1.term: (no answer)", NOTHING),
    "fill-in-answered": (term, "rye sourdough", "ps1.term: rye sourdough", "<p>rye sourdough</p>"),
    # typed text is shown as text, in the HTML as escaped markup
    "fill-in-markup": (
        term,
        '<b>rye</b> & "levain"',
        'ps1.term: <b>rye</b> & "levain"',
        "<p>&lt;b&gt;rye&lt;/b&gt; &amp; &quot;levain&quot;</p>",
    ),
}


@pytest.mark.parametrize(("make", "value", "text", "html"), list(CASES.values()), ids=list(CASES))
def test_static_views(workdir: Path, make: Callable[[], Exercise], value: Any, text: str, html: str) -> None:
    """Are text/plain and text/html exactly the saved answer as described, with the live widget's view kept?"""
    widget = make()
    if value is not None:
        widget.value = value
    data, metadata = widget._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html", WIDGET_VIEW}
    assert data[WIDGET_VIEW]["model_id"] == widget.model_id
    assert data["text/plain"] == text
    assert data["text/html"] == block(widget.exercise_id, html)
    assert metadata == {}


@pytest.mark.parametrize(("make", "value", "text", "html"), list(CASES.values()), ids=list(CASES))
def test_static_views_after_a_restart(
    workdir: Path, make: Callable[[], Exercise], value: Any, text: str, html: str
) -> None:
    """Shown again in a new kernel (the answer read back from answers.json), is each view the same?"""
    if value is not None:
        make().value = value
    widget = make()
    data, _ = widget._repr_mimebundle_()
    assert (data["text/plain"], data["text/html"]) == (text, block(widget.exercise_id, html))


def test_a_fill_in_of_spaces_shows_as_no_answer(workdir: Path) -> None:
    """Is text of spaces alone, which grading scores as not answered, shown as no answer too?"""
    widget = term()
    widget.value = "   "
    assert widget.completion(widget.value) == "Not answered yet: type a term."  # the self-check's view of it
    data, _ = widget._repr_mimebundle_()
    assert (data["text/plain"], data["text/html"]) == ("ps1.term: (no answer)", block("ps1.term", NOTHING))
