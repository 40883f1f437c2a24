"""Scoring: the rules that turn an answer into a share of the points, and the grading calls hidden tests make.

Hidden tests run in the grading kernel, so this package, like `coursekit.student`, stays light to import.
"""

from coursekit.scoring.grading import (
    grade_buckets,
    grade_fill_in,
    grade_multiple_choice,
    grade_ordering,
    grade_single_choice,
    saved_answer,
)
from coursekit.scoring.rules import (
    Score,
    normalize_term,
    score_buckets,
    score_fill_in,
    score_multiple_choice,
    score_ordering,
    score_single_choice,
)

__all__ = [
    "Score",
    "grade_buckets",
    "grade_fill_in",
    "grade_multiple_choice",
    "grade_ordering",
    "grade_single_choice",
    "normalize_term",
    "saved_answer",
    "score_buckets",
    "score_fill_in",
    "score_multiple_choice",
    "score_ordering",
    "score_single_choice",
]
