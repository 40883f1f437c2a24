"""Scoring rules: an answer (plain JSON data) against a key gives a fraction of credit and what is wrong.

Buckets, multiple choice and ordering first measure agreement from chance: 1 for the key, 0 for what
guessing or a fixed trick expects (one bucket for all, ticking every option, the reverse order), below 0
for worse than chance. Credit then starts only a margin above chance (`above_chance`), so a guess earns
little, while each further right placement, tick or pair earns more. Single choice and fill-in are all or
nothing. Any JSON value scores in [0, 1] without raising; a key of the wrong shape is an authoring error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "GUESS_MARGIN",
    "KeyShapeError",
    "Score",
    "above_chance",
    "normalize_term",
    "score_buckets",
    "score_fill_in",
    "score_multiple_choice",
    "score_ordering",
    "score_single_choice",
]

# Agreement up to this far above chance earns nothing: guessing reaches it often, knowledge rarely stops there
GUESS_MARGIN = 1 / 3
NOT_ANSWERED = "Not answered."
WRONG_SHAPE = "The saved answer has the wrong shape for this exercise."


class KeyShapeError(ValueError):
    """A hidden test's key does not have the shape its kind needs (an authoring mistake, not the student's)."""


@dataclass(frozen=True)
class Score:
    """A fraction of the points in [0, 1], short notes naming what is wrong (empty when all is right), and
    the items or options that were missed, for reports of what a cohort gets wrong."""

    fraction: float
    notes: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def above_chance(agreement: float) -> float:
    """Credit for an agreement measured from chance (1 the key, 0 chance): none up to GUESS_MARGIN, then
    rising evenly to full credit."""
    if agreement >= 1.0:
        return 1.0
    return max(0.0, (agreement - GUESS_MARGIN) / (1.0 - GUESS_MARGIN))


def _is_str_list(value: Any) -> bool:
    # type() rather than isinstance(): the answer must be plain JSON data, never a look-alike object
    return type(value) is list and all(type(item) is str for item in value)


def _blank(answer: Any) -> bool:
    return answer is None or (type(answer) in (str, list, dict) and not answer)


def _beyond_chance(right: int, total: int, what: str, fraction: float) -> list[str]:
    if 0 < right < total and fraction == 0.0:
        return [f"{right} of {total} {what} right is no more than guessing gives, so it earns no credit."]
    return []


def score_buckets(answer: Any, key: Mapping[str, Sequence[str]]) -> Score:
    """Cohen's kappa between the key's buckets and the student's, using the student's own bucket sizes
    for chance: one bucket for all (or any placement as good as random) is 0."""
    home = _bucket_of(key)
    if _blank(answer):
        return Score(0.0, [NOT_ANSWERED])
    if type(answer) is not dict or not all(
        type(bucket) is str and _is_str_list(items) for bucket, items in answer.items()
    ):
        return Score(0.0, [WRONG_SHAPE])
    placed: dict[str, list[str]] = {}
    for bucket, items in answer.items():
        for item in dict.fromkeys(items):
            placed.setdefault(item, []).append(bucket)
    right, notes, missed = 0, [], []
    chosen: dict[str, int] = {}  # how many key items the student put (only) in each bucket
    for item, bucket in home.items():
        where = placed.get(item, [])
        if len(where) == 1:
            chosen[where[0]] = chosen.get(where[0], 0) + 1
        if where == [bucket]:
            right += 1
            continue
        missed.append(item)
        if not where:
            notes.append(f"'{item}' was not placed; it belongs in {bucket}.")
        else:
            notes.append(f"'{item}' is in {' and '.join(where)}, but belongs in {bucket}.")
    total = len(home)
    observed = right / total
    expected = sum(len(items) * chosen.get(bucket, 0) for bucket, items in key.items()) / total**2
    kappa = 1.0 if expected >= 1.0 else (observed - expected) / (1.0 - expected)
    fraction = above_chance(kappa)
    return Score(fraction, notes + _beyond_chance(right, total, "items", fraction), missed)


def _bucket_of(key: Any) -> dict[str, str]:
    if not isinstance(key, Mapping) or not key:
        raise KeyShapeError("a buckets key maps each bucket to the list of its items")
    home: dict[str, str] = {}
    for bucket, items in key.items():
        if not isinstance(bucket, str) or isinstance(items, str) or not isinstance(items, Sequence):
            raise KeyShapeError("a buckets key maps each bucket name to a list of item names")
        for item in items:
            if not isinstance(item, str) or item in home:
                raise KeyShapeError("every item of a buckets key is a name listed in exactly one bucket")
            home[item] = bucket
    if not home:
        raise KeyShapeError("a buckets key needs at least one item")
    return home


def score_single_choice(answer: Any, key: str) -> Score:
    """All or nothing."""
    if not isinstance(key, str):
        raise KeyShapeError("a single choice key is the right option's text")
    if _blank(answer):
        return Score(0.0, [NOT_ANSWERED])
    if type(answer) is not str:
        return Score(0.0, [WRONG_SHAPE])
    if answer == key:
        return Score(1.0)
    return Score(0.0, [f"'{answer}' is not the right option."])


def score_multiple_choice(answer: Any, key: Mapping[str, bool]) -> Score:
    """Youden's J: the share of right options ticked minus the share of wrong options ticked, so ticking
    every option or none is 0."""
    if not isinstance(key, Mapping) or not all(isinstance(o, str) and type(v) is bool for o, v in key.items()):
        raise KeyShapeError("a multiple choice key maps every option to True (right) or False (wrong)")
    right = [option for option, is_right in key.items() if is_right]
    wrong = [option for option, is_right in key.items() if not is_right]
    if not right:
        raise KeyShapeError("a multiple choice key needs at least one right option (True)")
    if _blank(answer):
        return Score(0.0, [NOT_ANSWERED])
    if not _is_str_list(answer):
        return Score(0.0, [WRONG_SHAPE])
    picked = set(answer)
    missed = [option for option in right if option not in picked]
    ticked_wrong = [option for option in wrong if option in picked]
    notes = [f"Missed: '{option}'." for option in missed]
    notes += [f"Should not be ticked: '{option}'." for option in ticked_wrong]
    true_share = (len(right) - len(missed)) / len(right)
    false_share = len(ticked_wrong) / len(wrong) if wrong else 0.0
    fraction = above_chance(true_share - false_share)
    if fraction == 0.0 and len(missed) < len(right) and ticked_wrong:
        notes.append("The right ticks, weighed against the wrong ones, are no better than guessing: no credit.")
    return Score(fraction, notes, missed + ticked_wrong)


def score_ordering(answer: Any, key: Sequence[str]) -> Score:
    """Kendall's tau: pairs of items in the right relative order minus pairs reversed, over all pairs (a
    pair with a missing item counts as neither), so the reverse order is -1 and a random order 0 on average."""
    if isinstance(key, str) or not isinstance(key, Sequence) or not key or not all(isinstance(i, str) for i in key):
        raise KeyShapeError("an ordering key is the list of items in their right order")
    if _blank(answer):
        return Score(0.0, [NOT_ANSWERED])
    if not _is_str_list(answer):
        return Score(0.0, [WRONG_SHAPE])
    if len(key) < 2:
        return Score(1.0) if answer == list(key) else Score(0.0, ["Not in the right order."])
    position = {item: index for index, item in enumerate(key)}
    # first occurrences only: a repeated item earns nothing
    ranks = [position[item] for item in dict.fromkeys(item for item in answer if item in position)]
    agreeing = sum(1 for i, a in enumerate(ranks) for b in ranks[i + 1 :] if a < b)
    reversed_pairs = len(ranks) * (len(ranks) - 1) // 2 - agreeing
    pairs = len(key) * (len(key) - 1) // 2
    fraction = above_chance((agreeing - reversed_pairs) / pairs)
    kept = {key[index] for index in _longest_increasing(ranks)}
    misplaced = [item for item in key if item not in kept]
    notes = []
    missing = [item for item in key if item not in set(answer)]
    if missing:
        notes.append(f"Missing: {', '.join(repr(item) for item in missing)}.")
    out_of_place = [item for item in misplaced if item not in missing]
    if out_of_place:
        notes.append(f"Out of place: {', '.join(repr(item) for item in out_of_place)}.")
    return Score(fraction, notes + _beyond_chance(agreeing, pairs, "pairs", fraction), misplaced)


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
    accepted = [key] if isinstance(key, str) else list(key) if isinstance(key, Sequence) else []
    if not accepted or not all(isinstance(term, str) for term in accepted):
        raise KeyShapeError("a fill-in key is the accepted term or a list of accepted terms")
    if answer is None or (type(answer) is str and not answer.strip()):
        return Score(0.0, [NOT_ANSWERED])
    if type(answer) is not str:
        return Score(0.0, [WRONG_SHAPE])
    if normalize_term(answer) in {normalize_term(term) for term in accepted}:
        return Score(1.0)
    return Score(0.0, [f"'{answer.strip()}' is not an accepted answer."])
