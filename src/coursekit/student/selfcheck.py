"""The visible self-check: says whether a saved answer is complete, never whether it is right.

Under `nbgrader validate` it also makes the exercise's test cell fail when there is no answer, so validate
names each unanswered exercise (`coursekit.student.unanswered`); under Run All and autograde it only prints.
"""

from __future__ import annotations

import warnings

from coursekit.student.answers import answers_path, load_answers
from coursekit.student.unanswered import arm, is_validating, unanswered_message

__all__ = ["check"]


def check(exercise_id: str) -> None:
    """Print how complete the saved answer is. Never raises, so Run All goes on past it."""
    try:
        message = _completion(exercise_id)
    except Exception as error:  # a self-check must never stop Run All
        message = f"could not be checked ({type(error).__name__}: {error})."
    print(f"{exercise_id}: {message}")
    if is_validating():
        try:
            _arm_if_unanswered(exercise_id)
        except Exception as error:  # validate then passes the exercise, as it did before this check existed
            print(f"{exercise_id}: validate could not look for an answer ({type(error).__name__}: {error}).")


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


def _arm_if_unanswered(exercise_id: str) -> None:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:  # plain Python: no notebook cell to fail
        return
    # the file autograde reads, whether or not the widget's cell ran
    store = answers_path()
    answers, problem = load_answers(store)
    message = unanswered_message(exercise_id, answers, problem, store)
    if message is not None:
        arm(shell, exercise_id, message)
