"""The shared exercise widget: an id, answers saved to answers.json on every change, a static view."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

from coursekit.scoring.kinds import KINDS
from coursekit.student.answers import AnswerStoreWarning, answers_path, load_answers, save_answer
from coursekit.student.describe import answer_block

__all__ = ["Exercise", "check_labels", "registered"]

STATIC = Path(__file__).parent / "static"
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_REGISTRY: dict[str, Exercise] = {}


def esm(name: str) -> str:
    """A widget's front-end module: the shared helpers followed by the widget's own file."""
    return (STATIC / "common.js").read_text(encoding="utf-8") + (STATIC / name).read_text(encoding="utf-8")


def check_labels(labels: Iterable[str], what: str) -> list[str]:
    """Items, options and buckets must be distinct, non-empty strings."""
    result = list(labels)
    if not result:
        raise ValueError(f"at least one {what} is needed")
    for label in result:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"every {what} must be a non-empty string, got {label!r}")
    duplicates = sorted({label for label in result if result.count(label) > 1})
    if duplicates:
        raise ValueError(f"{what}s must be distinct; repeated: {', '.join(duplicates)}")
    return result


def registered(exercise_id: str) -> Exercise | None:
    """The exercise most recently shown under this id in this kernel."""
    return _REGISTRY.get(exercise_id)


class Exercise(anywidget.AnyWidget):
    """Base of the five exercise kinds; subclasses define `value`, its validation and `completion`."""

    kind: ClassVar[str]
    _css = STATIC / "exercise.css"

    exercise_id = traitlets.Unicode(help="Course-wide id; the key of this answer in answers.json").tag(sync=True)
    status = traitlets.Unicode("", help="How complete the saved answer is, shown under it").tag(sync=True)
    problem = traitlets.Unicode("", help="Why the last change could not be saved; empty when saved").tag(sync=True)

    def __init__(self, exercise_id: str, **kwargs: Any) -> None:
        if not isinstance(exercise_id, str) or not _ID_PATTERN.match(exercise_id):
            raise ValueError(
                f"exercise id must look like 'ch01.ml-workflows' (letters, digits, '.', '_', '-'), got {exercise_id!r}"
            )
        super().__init__(exercise_id=exercise_id, **kwargs)
        self._store = answers_path()
        self._restore()
        self.status = self.completion(self.value)
        self.observe(self._save, names="value")
        _REGISTRY[exercise_id] = self

    @property
    def store(self) -> Path:
        """The answers file this exercise saves to."""
        return self._store

    def completion(self, value: Any) -> str:
        """How complete an answer is, never whether it is right."""
        raise NotImplementedError

    def _restore(self) -> None:
        answers, problem = load_answers(self._store)
        if problem is not None:
            warnings.warn(
                f"{self._store} {problem}; answers cannot be shown again. It will be kept as a copy "
                "before the next answer is saved.",
                AnswerStoreWarning,
                stacklevel=3,
            )
            return
        if self.exercise_id not in answers:
            return
        try:
            self.value = answers[self.exercise_id]
        except traitlets.TraitError as error:
            warnings.warn(
                f"{self._store}: the saved answer for {self.exercise_id} no longer fits this exercise "
                f"({error}); it is left in the file until a new answer is given.",
                AnswerStoreWarning,
                stacklevel=3,
            )

    def _save(self, change: dict[str, Any]) -> None:
        self.status = self.completion(change["new"])
        try:
            save_answer(self._store, self.exercise_id, change["new"])
        except OSError as error:
            self.problem = f"Not saved: {self._store} cannot be written ({error.strerror or error})."
            warnings.warn(self.problem, AnswerStoreWarning, stacklevel=2)
        else:
            self.problem = ""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else ({}, {})
        kind = KINDS[self.kind]
        data["text/plain"] = f"{self.exercise_id}: {kind.describe(self.value)}"
        data["text/html"] = answer_block(self.exercise_id, kind.describe_html(self.value))
        return data, metadata
