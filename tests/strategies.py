"""Students who answer without knowing: a fixed trick on every exercise, or uniform random guesses (test data).

Each strategy sees a chapter as a student does (the release listing, the widgets' display order) and gives an
answers.json; `chapter_share` scores it with the project's rules, the real-nbgrader test grades it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coursekit.notebooks.keys import Key, read_keys, reference_answer
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.generated import Guesses, expected_score
from coursekit.scoring.kinds import KINDS
from coursekit.student.shown_order import shuffled

Shown = dict[str, Any]
Answers = dict[str, Any]


def tick_all(shown: Shown, rng: random.Random) -> Any:
    return list(shown["options"]) if shown["kind"] == "multiple_choice" else None


def longest_option(shown: Shown, rng: random.Random) -> Any:
    if shown["kind"] not in ("single_choice", "multiple_choice"):
        return None
    longest = max(shown["options"], key=len)
    return longest if shown["kind"] == "single_choice" else [longest]


def one_bucket(shown: Shown, rng: random.Random) -> Any:
    return {shown["buckets"][0]: list(shown["items"])} if shown["kind"] == "buckets" else None


def order_as_shown(shown: Shown, rng: random.Random) -> Any:
    if shown["kind"] != "ordering":
        return None
    return shuffled(shown["items"], shown["id"], away_from_written=True)


def first_option(shown: Shown, rng: random.Random) -> Any:
    """The first option as the widget shows it (options are shuffled by the exercise id)."""
    if shown["kind"] not in ("single_choice", "multiple_choice"):
        return None
    first = shuffled(shown["options"], shown["id"])[0]
    return first if shown["kind"] == "single_choice" else [first]


def every_trick(shown: Shown, rng: random.Random) -> Any:
    """One bucket for all, tick all, the longest single option, the order as shown: each where it applies."""
    if shown["kind"] == "single_choice":
        return longest_option(shown, rng)
    for trick in (one_bucket, tick_all, order_as_shown):
        answer = trick(shown, rng)
        if answer is not None:
            return answer
    return None


def uniform_guess(shown: Shown, rng: random.Random) -> Any:
    return KINDS[shown["kind"]].guesses(shown).draw(rng)


TRICKS: dict[str, Callable[[Shown, random.Random], Any]] = {
    "tick all": tick_all,
    "longest option": longest_option,
    "one bucket for all": one_bucket,
    "order as shown": order_as_shown,
    "first option shown": first_option,
    "every trick at once": every_trick,
}


def autograded(release_notebook: Path) -> list[Shown]:
    return [e for e in list_exercises(release_notebook) if e["kind"] != "written"]


def answers_by(strategy: Callable[[Shown, random.Random], Any], release_notebook: Path, seed: int = 0) -> Answers:
    """The strategy's answers.json for a chapter (unanswered exercises left out)."""
    rng = random.Random(seed)
    answers = {shown["id"]: strategy(shown, rng) for shown in autograded(release_notebook)}
    return {exercise_id: answer for exercise_id, answer in answers.items() if answer is not None}


def key_answers(source_notebook: Path) -> Answers:
    return {exercise_id: reference_answer(key) for exercise_id, key in read_keys(source_notebook).items()}


def chapter_share(answers: Answers, keys: dict[str, Key]) -> float:
    """The share of a chapter's autograded points these answers earn under the project's rules."""
    total = sum(key.points for key in keys.values())
    earned = sum(key.points * KINDS[key.kind].score(answers.get(i), key.key).fraction for i, key in keys.items())
    return earned / total


Rule = Callable[[Any, Any], float]


def rule_of(kind: str) -> Rule:
    """The project's rule for a kind, as answer and key to a fraction."""
    score = KINDS[kind].score
    return lambda answer, key: score(answer, key).fraction


def expected_credit(rule: Rule, key: Any, guesses: Guesses) -> float:
    """What a uniform guesser expects from one exercise under a rule."""
    return expected_score(lambda answer: rule(answer, key), guesses)


def expected_guess_share(release_notebook: Path, keys: dict[str, Key]) -> float:
    """The exact (or, for large exercises, sampled) expected share a uniform guesser earns in a chapter."""
    total, earned = 0.0, 0.0
    for shown in autograded(release_notebook):
        key = keys[shown["id"]]
        earned += key.points * expected_credit(rule_of(key.kind), key.key, KINDS[key.kind].guesses(shown))
        total += key.points
    return earned / total
