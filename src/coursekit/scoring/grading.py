"""Grading calls for hidden tests: read an answer fresh from answers.json, score it, explain, return points.

Each call prints the student's answer, the expected answer, what is wrong, why and the scoring rule, then
returns the points earned as a plain float. Ending a test cell with that value makes nbgrader record it as
partial credit. There is one call per kind in the registry (`coursekit.scoring.kinds`).
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path
from typing import Any, Protocol

from coursekit.scoring.kinds import KINDS, Kind
from coursekit.scoring.rules import KeyShapeError, Score
from coursekit.student.answers import ANSWERS_FILE, load_answers

__all__ = [
    "explanation",
    "grade_buckets",
    "grade_fill_in",
    "grade_multiple_choice",
    "grade_ordering",
    "grade_single_choice",
    "saved_answer",
]

PathLike = str | os.PathLike[str]
WIDTH = 96  # printed lines wrap here, so feedback pages need no sideways scrolling
# A seed's explanation may open with praise; a student who got it wrong must not read "Correct!"
_PRAISE = re.compile(
    r"^\s*(?:correct|indeed|exactly|right|yes|well done|great|good job|that's right|that is right)\s*[!.]+\s*",
    re.IGNORECASE,
)


class Grader(Protocol):
    """A grading call: the exercise id, its key and points, why the key is right; returns points earned."""

    def __call__(
        self, exercise_id: str, *, key: Any, points: float, why: str = "", answers: PathLike = ANSWERS_FILE
    ) -> float: ...


def saved_answer(exercise_id: str, answers: PathLike = ANSWERS_FILE) -> Any:
    """The answer stored for an exercise, read fresh from disk (None when absent or unreadable)."""
    stored, problem = load_answers(Path(answers))
    if problem is not None:
        print(f"Note: {Path(answers).name} {problem}; graded as not answered.")
    return stored.get(exercise_id)


def explanation(why: str, fraction: float) -> str:
    """The explanation as a student with this score should read it: praise only for a full score."""
    if fraction >= 1.0:
        return why
    rest = _PRAISE.sub("", why, count=1).lstrip()
    return rest[:1].upper() + rest[1:]


def _grader(kind: Kind, doc: str) -> Grader:
    def grade(exercise_id: str, *, key: Any, points: float, why: str = "", answers: PathLike = ANSWERS_FILE) -> float:
        answer = saved_answer(exercise_id, answers)
        try:
            score = kind.score(answer, key)
            expected = kind.expected(key)
        except KeyShapeError as error:
            raise KeyShapeError(f"{exercise_id}: {error} (fix the hidden test in source/)") from None
        return _report(kind, answer, expected, score, points, why)

    grade.__name__ = grade.__qualname__ = kind.grader
    grade.__doc__ = f"{doc}\n\nKey: {kind.key_shape}. Rule: {kind.rule}"
    return grade


def _report(kind: Kind, answer: Any, expected: str, score: Score, points: float, why: str) -> float:
    earned = round(float(points) * score.fraction, 2)
    lines = [f"Your answer: {kind.describe(answer)}", f"Expected:    {expected}"]
    lines += [f"  - {note}" for note in score.notes] or ["  All right."]
    if why:
        lines.append(f"Why: {explanation(why, score.fraction)}")
    lines.append(f"Rule: {kind.rule}")
    lines.append(f"Points: {earned:g} of {float(points):g}")
    text = "\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 13) for line in lines)
    # the kernel sends output as strict UTF-8: a lone surrogate from answers.json would turn it into an error on
    # stderr, which nbgrader grades as 0 points
    print(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    return earned


grade_buckets: Grader = _grader(KINDS["buckets"], "Buckets: items in their bucket, beyond chance.")
grade_single_choice: Grader = _grader(KINDS["single_choice"], "Single choice: all or nothing.")
grade_multiple_choice: Grader = _grader(
    KINDS["multiple_choice"], "Multiple choice: right options ticked minus wrong options ticked."
)
grade_ordering: Grader = _grader(KINDS["ordering"], "Ordering: pairs in the right order, beyond chance.")
grade_fill_in: Grader = _grader(KINDS["fill_in"], "Fill in: any accepted term, ignoring case.")
