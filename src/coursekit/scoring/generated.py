"""Answers made up rather than given: a uniform guess at an exercise as shown, and a simulated student's answer.

Guesses measure what a rule gives to chance (`expected_score`, exact by enumeration when the exercise is
small, a seeded Monte Carlo otherwise); simulated answers give `coursekit simulate` its realistic cohort.
Both take the exercise as the listing shows it (`buckets`, `items`, `options`), never more than a student sees.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Guesses",
    "bucket_guesses",
    "expected_score",
    "fill_in_guesses",
    "multiple_choice_guesses",
    "ordering_guesses",
    "simulated_buckets",
    "simulated_fill_in",
    "simulated_multiple_choice",
    "simulated_ordering",
    "simulated_single_choice",
    "single_choice_guesses",
]

Shown = Mapping[str, Any]
EXACT_UP_TO = 50_000  # answers enumerated exactly; larger exercises are sampled
SAMPLES = 20_000
UNSURE = "I am not sure"
WRONG_TERMS = [UNSURE, "pipeline", "model", "data", "cloud", "agile"]


@dataclass(frozen=True)
class Guesses:
    """Every answer a uniform guesser may give, each equally likely: how many, all of them, one at random."""

    count: int
    every: Callable[[], Iterator[Any]]
    draw: Callable[[random.Random], Any]


def expected_score(score: Callable[[Any], float], guesses: Guesses, *, seed: int = 0) -> float:
    """The mean of `score` over uniform guesses: exact when there are few, else over SAMPLES seeded draws."""
    if guesses.count <= EXACT_UP_TO:
        return math.fsum(score(answer) for answer in guesses.every()) / guesses.count
    rng = random.Random(seed)
    return math.fsum(score(guesses.draw(rng)) for _ in range(SAMPLES)) / SAMPLES


def bucket_guesses(shown: Shown) -> Guesses:
    """Each item in a bucket picked at random."""
    buckets, items = list(shown["buckets"]), list(shown["items"])

    def as_answer(choice: tuple[str, ...]) -> dict[str, list[str]]:
        answer: dict[str, list[str]] = {}
        for item, bucket in zip(items, choice, strict=True):
            answer.setdefault(bucket, []).append(item)
        return answer

    return Guesses(
        len(buckets) ** len(items),
        lambda: (as_answer(choice) for choice in itertools.product(buckets, repeat=len(items))),
        lambda rng: as_answer(tuple(rng.choice(buckets) for _ in items)),
    )


def single_choice_guesses(shown: Shown) -> Guesses:
    options = list(shown["options"])
    return Guesses(len(options), lambda: iter(options), lambda rng: rng.choice(options))


def multiple_choice_guesses(shown: Shown) -> Guesses:
    """Each option ticked or not with even odds (ticking none included)."""
    options = list(shown["options"])

    def every() -> Iterator[list[str]]:
        for ticks in itertools.product((False, True), repeat=len(options)):
            yield [option for option, ticked in zip(options, ticks, strict=True) if ticked]

    return Guesses(2 ** len(options), every, lambda rng: [o for o in options if rng.random() < 0.5])


def ordering_guesses(shown: Shown) -> Guesses:
    items = list(shown["items"])
    return Guesses(
        math.factorial(len(items)),
        lambda: (list(order) for order in itertools.permutations(items)),
        lambda rng: rng.sample(items, len(items)),
    )


def fill_in_guesses(shown: Shown) -> Guesses:
    """A term typed at random is, for scoring, a wrong one."""
    return Guesses(1, lambda: iter([UNSURE]), lambda rng: UNSURE)


def simulated_buckets(key: Any, shown: Shown, chance: float, rng: random.Random) -> dict[str, list[str]]:
    """Each item right with probability `chance`, otherwise in another bucket or (rarely) left out."""
    answer: dict[str, list[str]] = {}
    names = list(shown.get("buckets") or key)
    for bucket, items in key.items():
        for item in items:
            if rng.random() < chance:
                answer.setdefault(bucket, []).append(item)
            elif rng.random() < 0.85:
                answer.setdefault(rng.choice([b for b in names if b != bucket] or names), []).append(item)
    return answer


def simulated_single_choice(key: Any, shown: Shown, chance: float, rng: random.Random) -> Any:
    if rng.random() < chance:
        return key
    return rng.choice([option for option in shown.get("options") or [] if option != key] or [None])


def simulated_multiple_choice(key: Any, shown: Shown, chance: float, rng: random.Random) -> list[str]:
    """Right options ticked with probability `chance`, wrong ones with half the remaining doubt."""
    options = list(shown.get("options") or key)
    return [o for o in options if rng.random() < (chance if key.get(o) else (1 - chance) / 2)]


def simulated_ordering(key: Any, shown: Shown, chance: float, rng: random.Random) -> list[str]:
    """The right order with one neighbour swap for each item the student does not know."""
    order = list(key)
    if len(order) < 2:
        return order
    for _ in range(sum(rng.random() > chance for _ in order)):
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    return order


def simulated_fill_in(key: Any, shown: Shown, chance: float, rng: random.Random) -> str:
    accepted = [key] if isinstance(key, str) else list(key)
    if rng.random() < chance:
        term = rng.choice(accepted)
        return term.upper() if rng.random() < 0.2 else term
    return rng.choice([t for t in WRONG_TERMS if t.casefold() not in {a.casefold() for a in accepted}])
