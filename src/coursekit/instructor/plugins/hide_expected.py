"""Drop the expected answers, their explanations and the written answers' rubrics, for feedback returned early.

Feedback sections (coursekit.instructor.feedback.sections) set each answer beside its key with notes and why;
grading calls print `Expected:` and `Why:` lines (see coursekit.scoring.grading); graded notebooks carry each
written answer's model answer and rubric (see rubrics.py). Feedback sent while others may still hand in late
should show students their own answer and points only.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from coursekit.instructor.feedback.sections import SECTION
from coursekit.instructor.rubric_cells import is_rubric

__all__ = ["HideExpectedAnswers"]

HIDDEN_PREFIXES = ("Expected:", "Why:", "  - ")
CONTINUED = " " * 13  # a wrapped line goes on with the line above it (coursekit.scoring.grading wraps so)


class HideExpectedAnswers(Preprocessor):
    enabled = Bool(False, help="Off by default; `coursekit feedback --hide-answers` turns it on").tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        nb.cells = [cell for cell in nb.cells if not is_rubric(cell)]
        return super().preprocess(nb, resources)  # type: ignore[no-any-return, no-untyped-call]

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        if SECTION in cell.get("metadata", {}):
            cell.metadata[SECTION] = _without_key(cell.metadata[SECTION])
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and "Expected:" in output.get("text", ""):
                output["text"] = _without_expected(output["text"])
        return cell, resources


def _without_key(section: dict[str, Any]) -> dict[str, Any]:
    """The student's side of a section: their answer and marks, no key column, verdict, note, why or rubric."""
    hidden = set(section.get("key_columns", []))

    def kept(cells: list[str]) -> list[str]:
        return [cell for index, cell in enumerate(cells) if index not in hidden]

    rows = [{"cells": kept(row["cells"]), "verdict": None} for row in section.get("rows", [])]
    return {
        **section,
        "columns": kept(section.get("columns", [])),
        "rows": rows,
        "key_columns": [],
        "notes": [],
        "why": "",
        "rubric": "",
    }


def _without_expected(text: str) -> str:
    kept, hiding = [], False
    for line in text.splitlines(keepends=True):
        if not line.startswith(CONTINUED):
            hiding = line.startswith(HIDDEN_PREFIXES)
        if not hiding:
            kept.append(line)
    return "".join(kept)
