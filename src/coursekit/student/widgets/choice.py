"""Choices: pick one option (SingleChoice) or several (MultipleChoice)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import traitlets

from coursekit.student.shown_order import shuffled
from coursekit.student.widgets.base import Exercise, check_labels, esm

__all__ = ["MultipleChoice", "SingleChoice"]


class SingleChoice(Exercise):
    """Pick one option. Answer: the option, or null."""

    kind: ClassVar[str] = "single_choice"
    _esm = esm("choice.js")

    options = traitlets.List(traitlets.Unicode(), help="Options, in a display order fixed by the id").tag(sync=True)
    multiple = traitlets.Bool(False, help="Whether several options may be picked").tag(sync=True)
    value = traitlets.Unicode(None, allow_none=True, help="The picked option, or None").tag(sync=True)

    def __init__(self, exercise_id: str, *, options: Sequence[str], **kwargs: Any):
        super().__init__(exercise_id, options=shuffled(check_labels(options, "option"), exercise_id), **kwargs)

    @traitlets.validate("value")
    def _check_value(self, proposal: dict[str, Any]) -> str | None:
        value = proposal["value"]
        if value is not None and value not in self.options:
            raise traitlets.TraitError(f"{self.exercise_id}: unknown option {value!r}")
        return value  # type: ignore[no-any-return]

    def completion(self, value: Any) -> str:
        return "Answered." if value else "Not answered yet: pick one option."


class MultipleChoice(Exercise):
    """Pick every option that applies. Answer: the picked options, in the order shown."""

    kind: ClassVar[str] = "multiple_choice"
    _esm = esm("choice.js")

    options = traitlets.List(traitlets.Unicode(), help="Options, in a display order fixed by the id").tag(sync=True)
    multiple = traitlets.Bool(True, help="Whether several options may be picked").tag(sync=True)
    value = traitlets.List(traitlets.Unicode(), help="The picked options").tag(sync=True)

    def __init__(self, exercise_id: str, *, options: Sequence[str], **kwargs: Any):
        super().__init__(exercise_id, options=shuffled(check_labels(options, "option"), exercise_id), **kwargs)

    @traitlets.validate("value")
    def _check_value(self, proposal: dict[str, Any]) -> list[str]:
        picked = list(proposal["value"])
        unknown = [option for option in picked if option not in self.options]
        if unknown:
            raise traitlets.TraitError(f"{self.exercise_id}: unknown option {unknown[0]!r}")
        return [option for option in self.options if option in picked]

    def completion(self, value: Any) -> str:
        count = len(value) if isinstance(value, list) else 0
        if not count:
            return "Not answered yet: pick every option that applies."
        return f"{count} option{'s' if count != 1 else ''} picked."
