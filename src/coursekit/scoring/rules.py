"""Scoring rules: an answer (plain JSON data) against a key gives a fraction of credit and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Score",
    "normalize_term",
    "score_buckets",
    "score_fill_in",
    "score_multiple_choice",
    "score_ordering",
    "score_single_choice",
]

NOT_ANSWERED = "Not answered."
WRONG_SHAPE = "The saved answer has the wrong shape for this exercise."


@dataclass(frozen=True)
class Score:
    """A fraction of the points in [0, 1], short notes naming what is wrong (empty when all is right), and
    the items or options that were missed, for reports of what a cohort gets wrong."""

    fraction: float
    notes: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _is_str_list(value: Any) -> bool:
    # type() rather than isinstance(): the answer must be plain JSON data, never a look-alike object
    return type(value) is list and all(type(item) is str for item in value)


def score_buckets(answer: Any, key: Mapping[str, Sequence[str]]) -> Score:
    """One share of credit per item placed in its bucket."""
    if answer is None or answer == {}:
        return Score(0.0, [NOT_ANSWERED])
    if type(answer) is not dict or not all(
        type(bucket) is str and _is_str_list(items) for bucket, items in answer.items()
    ):
        return Score(0.0, [WRONG_SHAPE])
    placed: dict[str, list[str]] = {}
    for bucket, items in answer.items():
        for item in items:
            placed.setdefault(item, []).append(bucket)
    right, notes, missed, total = 0, [], [], 0
    for bucket, items in key.items():
        for item in items:
            total += 1
            where = placed.get(item, [])
            if where == [bucket]:
                right += 1
                continue
            missed.append(item)
            if not where:
                notes.append(f"'{item}' was not placed; it belongs in {bucket}.")
            else:
                notes.append(f"'{item}' is in {' and '.join(where)}, but belongs in {bucket}.")
    return Score(right / total if total else 0.0, notes, missed)


def score_single_choice(answer: Any, key: str) -> Score:
    """All or nothing."""
    if answer is None or answer == "":
        return Score(0.0, [NOT_ANSWERED])
    if type(answer) is not str:
        return Score(0.0, [WRONG_SHAPE])
    if answer == key:
        return Score(1.0)
    return Score(0.0, [f"'{answer}' is not the right option."])


def score_multiple_choice(answer: Any, key: Sequence[str]) -> Score:
    """Net correct: right picks minus wrong picks, over the number of right options, never below 0."""
    if answer is None or answer == []:
        return Score(0.0, [NOT_ANSWERED])
    if not _is_str_list(answer):
        return Score(0.0, [WRONG_SHAPE])
    picked, wanted = set(answer), set(key)
    missed = [option for option in key if option not in picked]
    wrong = [option for option in answer if option not in wanted]
    notes = [f"Missed: '{option}'." for option in missed] + [f"Should not be picked: '{option}'." for option in wrong]
    net = len(picked & wanted) - len(picked - wanted)
    return Score(max(0.0, net / len(wanted)) if wanted else 0.0, notes, missed + wrong)


def score_ordering(answer: Any, key: Sequence[str]) -> Score:
    """Credit for the longest run of items in the right relative order: (run - 1) / (items - 1)."""
    if answer is None or answer == []:
        return Score(0.0, [NOT_ANSWERED])
    if not _is_str_list(answer):
        return Score(0.0, [WRONG_SHAPE])
    if len(key) < 2:
        return Score(1.0 if list(answer) == list(key) else 0.0)
    position = {item: index for index, item in enumerate(key)}
    # first occurrences only: a repeated item earns nothing, and the run search stays within len(key) items
    firsts = list(dict.fromkeys(item for item in answer if item in position))
    in_order = _longest_increasing([position[item] for item in firsts])
    kept = {key[index] for index in in_order}
    misplaced = [item for item in key if item not in kept]
    notes = []
    if misplaced:
        notes.append(f"Out of place: {', '.join(repr(item) for item in misplaced)}.")
    fraction = max(0.0, (len(in_order) - 1) / (len(key) - 1))
    return Score(fraction, notes, misplaced)


def _longest_increasing(sequence: list[int]) -> list[int]:
    """The longest strictly increasing subsequence (items are few, so O(n^2) is plenty)."""
    if not sequence:
        return []
    best = [1] * len(sequence)
    previous = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        for j in range(i):
            if sequence[j] < value and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    end = max(range(len(sequence)), key=best.__getitem__)
    run = []
    while end != -1:
        run.append(sequence[end])
        end = previous[end]
    return run[::-1]


def normalize_term(text: str) -> str:
    """Compare short answers ignoring case, spacing, surrounding quotes and a trailing full stop."""
    text = re.sub(r"\s+", " ", text).strip().strip("\"'“”‘’`").strip()
    return text.rstrip(".").strip().casefold()


def score_fill_in(answer: Any, key: str | Sequence[str]) -> Score:
    """All or nothing; any accepted term counts."""
    if answer is None or (type(answer) is str and not answer.strip()):
        return Score(0.0, [NOT_ANSWERED])
    if type(answer) is not str:
        return Score(0.0, [WRONG_SHAPE])
    accepted = [key] if isinstance(key, str) else list(key)
    if normalize_term(answer) in {normalize_term(term) for term in accepted}:
        return Score(1.0)
    return Score(0.0, [f"'{answer.strip()}' is not an accepted answer."])
