"""FillIn: type a short term."""

from __future__ import annotations

from typing import Any, ClassVar

import traitlets

from coursekit.student.widgets.base import Exercise, esm

__all__ = ["FillIn"]

MAX_LENGTH = 500


class FillIn(Exercise):
    """Type a short answer. Answer: the text."""

    kind: ClassVar[str] = "fill_in"
    _esm = esm("fill_in.js")

    placeholder = traitlets.Unicode("Type your answer", help="Hint shown in the empty field").tag(sync=True)
    value = traitlets.Unicode("", help="The typed answer").tag(sync=True)

    def __init__(self, exercise_id: str, *, placeholder: str = "Type your answer", **kwargs: Any):
        super().__init__(exercise_id, placeholder=placeholder, **kwargs)

    @traitlets.validate("value")
    def _check_value(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if len(value) > MAX_LENGTH:
            raise traitlets.TraitError(f"{self.exercise_id}: a short answer has at most {MAX_LENGTH} characters")
        return value  # type: ignore[no-any-return]

    def completion(self, value: Any) -> str:
        return "Answered." if isinstance(value, str) and value.strip() else "Not answered yet: type a term."
