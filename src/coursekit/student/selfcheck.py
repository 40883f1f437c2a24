"""The visible self-check: says whether a saved answer is complete, never whether it is right."""

from __future__ import annotations

import warnings

from coursekit.student.answers import load_answers

__all__ = ["check"]


def check(exercise_id: str) -> None:
    """Print how complete the saved answer is. Never raises, so Run All goes on past it."""
    try:
        message = _completion(exercise_id)
    except Exception as error:  # a self-check must never stop Run All
        message = f"could not be checked ({type(error).__name__}: {error})."
    print(f"{exercise_id}: {message}")


def _completion(exercise_id: str) -> str:
    from coursekit.student.widgets.base import registered

    exercise = registered(exercise_id)
    if exercise is None:
        return "run the exercise's cell above first, then answer it."
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        answers, problem = load_answers(exercise.store)
    if problem is not None:
        return f"{exercise.store.name} {problem}. Answer again to save a new copy."
    if exercise.exercise_id not in answers:
        return "not answered yet."
    if exercise.problem:
        return exercise.problem
    return exercise.completion(answers[exercise_id])
