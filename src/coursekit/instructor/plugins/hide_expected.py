"""Drop the expected answer and its explanation from graders' printed output, for feedback returned early.

Grading calls print `Expected:` and `Why:` lines (see coursekit.scoring.grading). Feedback sent while others may still
hand in late should show students their own answer and points only.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

__all__ = ["HideExpectedAnswers"]

HIDDEN_PREFIXES = ("Expected:", "Why:", "  - ")


class HideExpectedAnswers(Preprocessor):
    enabled = Bool(False, help="Off by default; `coursekit feedback --hide-answers` turns it on").tag(config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and "Expected:" in output.get("text", ""):
                lines = output["text"].splitlines(keepends=True)
                output["text"] = "".join(line for line in lines if not line.startswith(HIDDEN_PREFIXES))
        return cell, resources
