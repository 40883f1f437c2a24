"""The registry of exercise kinds: for each, its widget, grading call, answer and key shapes, scoring rule,
descriptions, comparison with the key, the key's fit with its widget, reference answer, uniform guesses and
simulated answers.

Everything that treats kinds differently looks its kind up here, so adding a kind means one entry below
and its widget in `coursekit.student.widgets`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from coursekit.scoring import compare, generated, key_fit
from coursekit.scoring.rules import (
    GUESS_MARGIN,
    Score,
    score_buckets,
    score_fill_in,
    score_multiple_choice,
    score_ordering,
    score_single_choice,
)
from coursekit.student import describe

__all__ = ["BY_GRADER", "BY_WIDGET", "KINDS", "Kind", "kind_of"]


@dataclass(frozen=True)
class Kind:
    """One kind of autograded exercise."""

    name: str  # as in listings and answers.json's documentation: "buckets"
    widget: str  # the class `coursekit` exports
    widget_module: str
    grader: str  # the function hidden tests call, from coursekit.scoring
    content: tuple[str, ...]  # widget arguments a listing shows
    answer_shape: str
    key_shape: str
    rule: str  # the scoring rule in one line, for feedback
    score: Callable[[Any, Any], Score]
    reference: Callable[[Any], Any]  # key -> the answer that earns full credit
    expected: Callable[[Any], str]  # key -> the right answer in words
    describe: Callable[[Any], str]
    describe_html: Callable[[Any], str]
    compare: Callable[[Any, Any, Sequence[str]], compare.Comparison]  # answer, key, options or items as shown
    fit: Callable[[Any, Mapping[str, Any]], list[str]]  # key, the widget's listing -> what does not fit
    guesses: Callable[[Mapping[str, Any]], generated.Guesses]
    simulated: Callable[[Any, Mapping[str, Any], float, random.Random], Any]


_ABOVE_CHANCE = (
    f"credit starts {Fraction(GUESS_MARGIN).limit_denominator(12)} of the way from guessing to the key and rises "
    "evenly to full marks"
)


def _right_options(key: Any) -> list[str]:
    return [option for option, right in key.items() if right]


def _accepted(key: Any) -> str:
    terms = [key] if isinstance(key, str) else list(key)
    return terms[0] + (f" (also accepted: {', '.join(terms[1:])})" if terms[1:] else "")


_PICKED_TEXT, _ORDER_TEXT = describe.list_text("; "), describe.list_text(" → ")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="buckets",
            widget="Buckets",
            widget_module="coursekit.student.widgets.buckets",
            grader="grade_buckets",
            content=("buckets", "items"),
            answer_shape='{"bucket": ["item", ...]} (unplaced items absent)',
            key_shape='{"bucket": ["item", ...]} listing every item once',
            rule="Items in their right bucket count only beyond what guessing places there (one bucket for "
            f"all earns 0); {_ABOVE_CHANCE}.",
            score=score_buckets,
            reference=lambda key: {bucket: list(items) for bucket, items in key.items()},
            expected=lambda key: describe.buckets_text({bucket: list(items) for bucket, items in key.items()}),
            describe=describe.buckets_text,
            describe_html=describe.buckets_html,
            compare=compare.compare_buckets,
            fit=key_fit.fit_buckets,
            guesses=generated.bucket_guesses,
            simulated=generated.simulated_buckets,
        ),
        Kind(
            name="single_choice",
            widget="SingleChoice",
            widget_module="coursekit.student.widgets.choice",
            grader="grade_single_choice",
            content=("options",),
            answer_shape='"option" or null',
            key_shape='"the right option"',
            rule="All or nothing: the right option earns the points.",
            score=score_single_choice,
            reference=lambda key: key,
            expected=str,
            describe=describe.plain_text,
            describe_html=describe.plain_html,
            compare=compare.compare_single_choice,
            fit=key_fit.fit_single_choice,
            guesses=generated.single_choice_guesses,
            simulated=generated.simulated_single_choice,
        ),
        Kind(
            name="multiple_choice",
            widget="MultipleChoice",
            widget_module="coursekit.student.widgets.choice",
            grader="grade_multiple_choice",
            content=("options",),
            answer_shape='["option", ...] (the ticked options)',
            key_shape='{"option": true or false, ...} for every option',
            rule="The share of right options ticked minus the share of wrong options ticked (ticking all or "
            f"none earns 0); {_ABOVE_CHANCE}.",
            score=score_multiple_choice,
            reference=_right_options,
            expected=lambda key: _PICKED_TEXT(_right_options(key)),
            describe=_PICKED_TEXT,
            describe_html=describe.list_html("ul"),
            compare=compare.compare_multiple_choice,
            fit=key_fit.fit_multiple_choice,
            guesses=generated.multiple_choice_guesses,
            simulated=generated.simulated_multiple_choice,
        ),
        Kind(
            name="ordering",
            widget="Ordering",
            widget_module="coursekit.student.widgets.ordering",
            grader="grade_ordering",
            content=("items",),
            answer_shape='["item", ...] (every item, in the chosen order)',
            key_shape='["item", ...] in the right order',
            rule="Pairs of steps in the right order minus pairs the wrong way round, over all pairs (the "
            f"reverse order earns 0); {_ABOVE_CHANCE}.",
            score=score_ordering,
            reference=list,
            expected=lambda key: _ORDER_TEXT(list(key)),
            describe=_ORDER_TEXT,
            describe_html=describe.list_html("ol"),
            compare=compare.compare_ordering,
            fit=key_fit.fit_ordering,
            guesses=generated.ordering_guesses,
            simulated=generated.simulated_ordering,
        ),
        Kind(
            name="fill_in",
            widget="FillIn",
            widget_module="coursekit.student.widgets.fill_in",
            grader="grade_fill_in",
            content=(),
            answer_shape='"text"',
            key_shape='"term" or ["term", "other accepted term", ...]',
            rule="All or nothing: any accepted term counts, ignoring case, spacing and a final full stop.",
            score=score_fill_in,
            reference=lambda key: key if isinstance(key, str) else key[0],
            expected=_accepted,
            describe=describe.plain_text,
            describe_html=describe.plain_html,
            compare=compare.compare_fill_in,
            fit=key_fit.fit_fill_in,
            guesses=generated.fill_in_guesses,
            simulated=generated.simulated_fill_in,
        ),
    )
}
BY_WIDGET = {kind.widget: kind for kind in KINDS.values()}
BY_GRADER = {kind.grader: kind for kind in KINDS.values()}


def kind_of(name: str) -> Kind:
    """The kind called `name`, or a KeyError that lists the kinds there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no exercise kind {name!r}; the kinds are {', '.join(KINDS)}") from None
