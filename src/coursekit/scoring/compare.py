"""An answer set beside its key part by part, for feedback: each item, option, step or term with what the student
gave, what the key says and whether the two agree.

Like the scoring rules, every function takes any JSON value as the answer (a damaged answers.json holds
anything) and never raises for it; the key has the shape its kind needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from coursekit.scoring.rules import score_fill_in, score_ordering
from coursekit.student.describe import NO_ANSWER, blank

__all__ = [
    "Comparison",
    "Row",
    "Verdict",
    "compare_buckets",
    "compare_fill_in",
    "compare_multiple_choice",
    "compare_ordering",
    "compare_single_choice",
]

Verdict = Literal["right", "wrong", "missed"]  # "missed": a right option or item the answer left out


@dataclass(frozen=True)
class Row:
    """One part of the answer: its cells (in the comparison's columns) and whether it agrees with the key
    (None where there is nothing to judge, such as an option nobody picked)."""

    cells: tuple[str, ...]
    verdict: Verdict | None


@dataclass(frozen=True)
class Comparison:
    """A table: column headings, one row per part, and which columns show the key (left out of feedback
    returned early)."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    key_columns: tuple[int, ...]


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _in_shown_order(labels: Sequence[str], shown: Sequence[str]) -> list[str]:
    """Labels in the order the widget showed them; any the widget did not show go last, as written."""
    return [label for label in shown if label in labels] + [label for label in labels if label not in shown]


def compare_buckets(answer: Any, key: Mapping[str, Sequence[str]], shown: Sequence[str] = ()) -> Comparison:
    """Item, the bucket it was put in, its right bucket; grouped by the student's buckets, unplaced last."""
    right = {item: bucket for bucket, items in key.items() for item in items}
    placed: dict[str, str] = {}
    if isinstance(answer, Mapping):
        for bucket, items in answer.items():
            for item in _strings(items):
                placed.setdefault(item, str(bucket))
    buckets = list(key) + sorted({bucket for bucket in placed.values() if bucket not in key})
    order = _in_shown_order(list(right), shown)
    order.sort(key=lambda item: buckets.index(placed[item]) if item in placed else len(buckets))
    rows = tuple(
        Row(
            (item, placed.get(item, "not placed"), right[item]),
            ("right" if placed[item] == right[item] else "wrong") if item in placed else "missed",
        )
        for item in order
    )
    return Comparison(("Item", "Your bucket", "Right bucket"), rows, (2,))


def compare_single_choice(answer: Any, key: str, shown: Sequence[str] = ()) -> Comparison:
    """Every option, which one was picked and which one is right."""
    chosen = answer if isinstance(answer, str) and answer else None
    options = list(shown) or [key]
    options += [option for option in (key, chosen) if option is not None and option not in options]

    def verdict(option: str) -> Verdict | None:
        if option == chosen:
            return "right" if option == key else "wrong"
        return "missed" if option == key and chosen is None else None

    rows = tuple(
        Row(
            (option, "your choice" if option == chosen else "", "right answer" if option == key else ""),
            verdict(option),
        )
        for option in options
    )
    return Comparison(("Option", "You picked", "Right answer"), rows, (2,))


def compare_multiple_choice(answer: Any, key: Mapping[str, bool], shown: Sequence[str] = ()) -> Comparison:
    """Every option, whether it was ticked and whether it should be."""
    ticked = set(_strings(answer))
    answered = bool(ticked)

    def verdict(option: str) -> Verdict | None:
        if option in ticked:
            return "right" if key[option] else "wrong"
        if key[option]:
            return "missed"
        return "right" if answered else None  # leaving a wrong option unticked is right, once anything is ticked

    rows = tuple(
        Row(
            (option, "ticked" if option in ticked else "not ticked", "ticked" if key[option] else "not ticked"),
            verdict(option),
        )
        for option in _in_shown_order(list(key), shown)
    )
    return Comparison(("Option", "You", "Right answer"), rows, (2,))


def compare_ordering(answer: Any, key: Sequence[str], shown: Sequence[str] = ()) -> Comparison:
    """Each step where the student put it and where it belongs. A step is right when it keeps its order with
    the longest run of steps in the right order (one step moved to the front leaves the others right)."""
    given = list(dict.fromkeys(step for step in _strings(answer) if step in key))
    out_of_place = set(score_ordering(answer, key).missed)
    rows = [
        Row((str(place), step, str(key.index(step) + 1)), "wrong" if step in out_of_place else "right")
        for place, step in enumerate(given, start=1)
    ]
    rows += [Row(("not placed", step, str(key.index(step) + 1)), "missed") for step in key if step not in given]
    return Comparison(("Your position", "Step", "Right position"), tuple(rows), (2,))


def compare_fill_in(answer: Any, key: str | Sequence[str], shown: Sequence[str] = ()) -> Comparison:
    """What was typed against the accepted terms."""
    accepted = [key] if isinstance(key, str) else list(key)
    typed = NO_ANSWER if blank(answer) else str(answer)
    verdict: Verdict = "missed" if blank(answer) else "right" if score_fill_in(answer, key).fraction >= 1 else "wrong"
    return Comparison(("Your answer", "Accepted answers"), (Row((typed, ", ".join(accepted)), verdict),), (1,))
