"""Drop the expected answers, their explanations and the written answers' rubrics, for feedback returned early.

Grading calls print `Expected:` and `Why:` lines (see coursekit.scoring.grading), and graded notebooks carry each
written answer's model answer and rubric (see rubrics.py). Feedback sent while others may still hand in late
should show students their own answer and points only.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from coursekit.instructor.plugins.rubrics import is_rubric

__all__ = ["HideExpectedAnswers"]

HIDDEN_PREFIXES = ("Expected:", "Why:", "  - ")
CONTINUED = " " * 13  # a wrapped line goes on with the line above it (coursekit.scoring.grading wraps so)


class HideExpectedAnswers(Preprocessor):
    enabled = Bool(False, help="Off by default; `coursekit feedback --hide-answers` turns it on").tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        nb.cells = [cell for cell in nb.cells if not is_rubric(cell)]
        return super().preprocess(nb, resources)  # type: ignore[no-any-return, no-untyped-call]

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and "Expected:" in output.get("text", ""):
                output["text"] = _without_expected(output["text"])
        return cell, resources


def _without_expected(text: str) -> str:
    kept, hiding = [], False
    for line in text.splitlines(keepends=True):
        if not line.startswith(CONTINUED):
            hiding = line.startswith(HIDDEN_PREFIXES)
        if not hiding:
            kept.append(line)
    return "".join(kept)
