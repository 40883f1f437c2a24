"""Grading calls for hidden tests: read an answer fresh from answers.json, score it, explain, return points.

Each call prints the student's answer, the expected answer, what is wrong and why, then returns the points
earned as a plain float. Ending a test cell with that value makes nbgrader record it as partial credit.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from coursekit.scoring.rules import (
    Score,
    score_buckets,
    score_fill_in,
    score_multiple_choice,
    score_ordering,
    score_single_choice,
)
from coursekit.student.answers import ANSWERS_FILE, load_answers
from coursekit.student.describe import describe

__all__ = [
    "grade_buckets",
    "grade_fill_in",
    "grade_multiple_choice",
    "grade_ordering",
    "grade_single_choice",
    "saved_answer",
]

PathLike = str | os.PathLike[str]
WIDTH = 96  # printed lines wrap here, so feedback pages need no sideways scrolling


def saved_answer(exercise_id: str, answers: PathLike = ANSWERS_FILE) -> Any:
    """The answer stored for an exercise, read fresh from disk (None when absent or unreadable)."""
    stored, problem = load_answers(Path(answers))
    if problem is not None:
        print(f"Note: {Path(answers).name} {problem}; graded as not answered.")
    return stored.get(exercise_id)


def grade_buckets(
    exercise_id: str,
    *,
    key: Mapping[str, Sequence[str]],
    points: float,
    why: str = "",
    answers: PathLike = ANSWERS_FILE,
) -> float:
    """Buckets: a share of the points for each item in its bucket."""
    answer = saved_answer(exercise_id, answers)
    expected = {bucket: list(items) for bucket, items in key.items()}
    return _report("buckets", answer, expected, score_buckets(answer, key), points, why)


def grade_single_choice(
    exercise_id: str, *, key: str, points: float, why: str = "", answers: PathLike = ANSWERS_FILE
) -> float:
    """Single choice: all or nothing."""
    answer = saved_answer(exercise_id, answers)
    return _report("single_choice", answer, key, score_single_choice(answer, key), points, why)


def grade_multiple_choice(
    exercise_id: str,
    *,
    key: Sequence[str],
    points: float,
    why: str = "",
    answers: PathLike = ANSWERS_FILE,
) -> float:
    """Multiple choice: right picks minus wrong picks, over the right options."""
    answer = saved_answer(exercise_id, answers)
    score = score_multiple_choice(answer, key)
    return _report("multiple_choice", answer, list(key), score, points, why)


def grade_ordering(
    exercise_id: str,
    *,
    key: Sequence[str],
    points: float,
    why: str = "",
    answers: PathLike = ANSWERS_FILE,
) -> float:
    """Ordering: credit for the longest run of items in the right relative order."""
    answer = saved_answer(exercise_id, answers)
    return _report("ordering", answer, list(key), score_ordering(answer, key), points, why)


def grade_fill_in(
    exercise_id: str,
    *,
    key: str | Sequence[str],
    points: float,
    why: str = "",
    answers: PathLike = ANSWERS_FILE,
) -> float:
    """Fill in: any accepted term, ignoring case, spacing and a trailing full stop."""
    answer = saved_answer(exercise_id, answers)
    accepted = [key] if isinstance(key, str) else list(key)
    shown = accepted[0] + (f" (also accepted: {', '.join(accepted[1:])})" if accepted[1:] else "")
    return _report("fill_in", answer, shown, score_fill_in(answer, accepted), points, why)


def _report(kind: str, answer: Any, expected: Any, score: Score, points: float, why: str) -> float:
    earned = round(float(points) * score.fraction, 2)
    lines = [
        f"Your answer: {describe(kind, answer)}",
        f"Expected:    {describe(kind, expected)}",
    ]
    lines += [f"  - {note}" for note in score.notes] or ["  All right."]
    if why:
        lines.append(f"Why: {why}")
    lines.append(f"Points: {earned:g} of {float(points):g}")
    print("\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 13) for line in lines))
    return earned
