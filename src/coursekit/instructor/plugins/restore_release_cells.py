"""Rebuild a submitted notebook from its release, keeping only the student's answer cells.

Whatever a student did to the notebook (added, deleted, reordered or edited cells, forged nbgrader metadata),
the notebook graded is the released one with the student's own answers (nbgrader solution cells, matched by
grade_id) put back in. So the only code that runs at grading is the instructor's. Widget answers live in
answers.json and are untouched.
"""

from __future__ import annotations

import copy
from typing import Any

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from coursekit.instructor.plugins.assignment_notebook import assignment_notebook

__all__ = ["RestoreReleaseCells"]


class RestoreReleaseCells(NbGraderPreprocessor):  # type: ignore[misc]
    def release_notebook(self, resources: Any) -> Any:
        return nbformat.read(assignment_notebook(self.config, resources, "release"), as_version=4)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        answers = {}
        for cell in nb.cells:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if grading.get("solution") and grading.get("grade_id") and grading["grade_id"] not in answers:
                answers[grading["grade_id"]] = cell
        release = self.release_notebook(resources)
        restored = []
        for cell in release.cells:
            grading = cell.get("metadata", {}).get("nbgrader", {})
            if grading.get("solution") and grading.get("grade_id") in answers:
                cell = copy.deepcopy(cell)
                cell.source = answers[grading["grade_id"]].source  # the answer only; metadata stays the release's
            restored.append(cell)
        if len(nb.cells) != len(release.cells):
            self.log.warning("Rebuilt from the release: %d cells submitted, %d released", len(nb.cells), len(restored))
        nb.cells = restored
        nb.metadata = copy.deepcopy(release.metadata)
        return nb, resources
