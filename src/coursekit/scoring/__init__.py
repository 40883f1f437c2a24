"""Scoring: the rules that turn an answer into a share of the points, the grading calls hidden tests make, and
the registry of exercise kinds.

Hidden tests run in the grading kernel, so this package, like `coursekit.student`, stays light to import.
"""

from coursekit.scoring.grading import (
    explanation,
    grade_buckets,
    grade_fill_in,
    grade_multiple_choice,
    grade_ordering,
    grade_single_choice,
    saved_answer,
)
from coursekit.scoring.kinds import KINDS, Kind, kind_of
from coursekit.scoring.rules import (
    KeyShapeError,
    Score,
    above_chance,
    normalize_term,
    score_buckets,
    score_fill_in,
    score_multiple_choice,
    score_ordering,
    score_single_choice,
)

__all__ = [
    "KINDS",
    "KeyShapeError",
    "Kind",
    "Score",
    "above_chance",
    "explanation",
    "grade_buckets",
    "grade_fill_in",
    "grade_multiple_choice",
    "grade_ordering",
    "grade_single_choice",
    "kind_of",
    "normalize_term",
    "saved_answer",
    "score_buckets",
    "score_fill_in",
    "score_multiple_choice",
    "score_ordering",
    "score_single_choice",
]
