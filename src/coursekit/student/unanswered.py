"""Under `nbgrader validate`, an unanswered exercise fails its autograder test cell with one sentence.

nbgrader validate judges graded cells only, and a released test cell holds nothing but a comment naming its
exercise (the tests are hidden), so it always passes. The self-check just above it therefore arms a rejection:
when nbgrader validates and the exercise has no answer, IPython rejects the next cell if it names the exercise,
before it runs, and validate lists that cell with the sentence as its error. Nothing is armed under Run All or
autograde (NBGRADER_EXECUTION is unset or 'autograde'), and an answer, right or wrong, passes.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

from IPython.core.error import InputRejected

from coursekit.student.headings import names_exercise, title_in_notebook

__all__ = ["UnansweredExercise", "arm", "is_blank", "is_validating", "title_of", "unanswered_message"]

# nbgrader validate indents an error by 4 and cuts every line past 87 characters: wrap well inside that
WIDTH = 80


class UnansweredExercise(InputRejected):
    """An exercise has no answer saved; the message names it and says what to do."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: the sentence alone, wrapped to fit validate's columns
        return textwrap.wrap(str(self), WIDTH, break_long_words=False, break_on_hyphens=False)


def is_validating() -> bool:
    """Whether nbgrader validate runs this kernel (nbgrader before 0.9 set only NBGRADER_VALIDATING)."""
    execution = os.environ.get("NBGRADER_EXECUTION")
    return execution == "validate" or (execution is None and os.environ.get("NBGRADER_VALIDATING") == "1")


def is_blank(answer: Any) -> bool:
    """An answer that gives nothing: null, blank text, nothing picked or ordered, no item in any bucket."""
    if isinstance(answer, dict):
        return all(is_blank(items) for items in answer.values())
    if isinstance(answer, str):
        return not answer.strip()
    return answer is None or (isinstance(answer, list) and not answer)


def unanswered_message(exercise_id: str, answers: dict[str, Any], problem: str | None, store: Path) -> str | None:
    """What validate should tell the student about this exercise; None when it has an answer."""
    if problem is None and not is_blank(answers.get(exercise_id)):
        return None
    title = title_of(exercise_id, store.parent)
    name = f"{exercise_id} ({title})" if title else exercise_id
    if problem is not None:
        return (
            f"{name} has no answer that can be graded: {store.name} {problem}. Answer it again in its widget "
            "to start a new file, then validate again."
        )
    return f"{name} has no answer yet: answer it in its widget, then validate again."


def title_of(exercise_id: str, folder: Path) -> str:
    """The exercise's heading in the chapter's notebook in `folder` (validate runs there); empty if not found."""
    chapter = exercise_id.split(".", 1)[0]
    for path in dict.fromkeys([folder / f"{chapter}.ipynb", *sorted(folder.glob("*.ipynb"))]):
        title = title_in_notebook(path, exercise_id) if path.is_file() else ""
        if title:
            return title
    return ""


def arm(shell: Any, exercise_id: str, message: str) -> None:
    """Have IPython reject the cell run next, when it names the exercise (its test cell), with `message`."""
    rejecter = next((t for t in shell.input_transformers_post if isinstance(t, _RejectUnanswered)), None)
    if rejecter is None:
        rejecter = _RejectUnanswered(shell)
        shell.input_transformers_post.append(rejecter)
    # IPython counts a cell before running it, so the count read now is the one the next cell runs under
    rejecter.pending[exercise_id] = (shell.execution_count, message)


class _RejectUnanswered:
    """An IPython input transformer: raises for the next cell after a self-check that found no answer."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.pending: dict[str, tuple[int, str]] = {}  # exercise id -> (count of the cell to reject, message)

    def __call__(self, lines: list[str]) -> list[str]:
        source = "".join(lines)
        for exercise_id, (count, message) in list(self.pending.items()):
            if count != self.shell.execution_count:
                del self.pending[exercise_id]  # that cell has run: a later one naming the exercise is not its test
            elif names_exercise(source, exercise_id):
                raise UnansweredExercise(message)  # kept pending: IPython may transform the same cell twice
        return lines
