"""Model answers and rubrics beside written answers: for graders at autograde, for students once graded.

A written answer's model answer and rubric live only in source/: nbgrader releases "YOUR ANSWER HERE" in their
place. At autograde, `ShowRubrics` copies each into a cell right after the student's answer in the graded
notebook, which is what formgrader shows while a grader scores the answer. At feedback, `RubricsOnceGraded`
keeps a rubric only under an answer that has a score (`HideExpectedAnswers` drops them all for feedback returned
early).
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from coursekit.instructor.plugins.assignment_notebook import assignment_notebook
from coursekit.instructor.rubric_cells import RUBRIC, is_rubric, rubric_cell, written_answers

__all__ = ["RubricsOnceGraded", "ShowRubrics"]


class ShowRubrics(NbGraderPreprocessor):  # type: ignore[misc]
    """Autograde: after each written answer, a cell with its model answer and rubric from source/."""

    enabled = Bool(True, help="On by default: nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        answers = set(written_answers(nb))
        if not answers:
            return nb, resources
        path = assignment_notebook(self.config, resources, "source")
        try:
            rubrics = written_answers(nbformat.read(path, as_version=4))
        except (OSError, ValueError) as error:
            self.log.warning("No rubrics for graders: cannot read %s (%s)", path, error)
            return nb, resources
        cells = []
        for cell in nb.cells:
            if is_rubric(cell):
                continue  # a submission never brings its own: only the source's are shown
            cells.append(cell)
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in answers and grade_id in rubrics:
                cells.append(rubric_cell(grade_id, rubrics[grade_id]))
        nb.cells = cells
        return nb, resources


class RubricsOnceGraded(NbGraderPreprocessor):  # type: ignore[misc]
    """Feedback: a rubric stays only under an answer that is scored (by a grader, or left blank and so 0)."""

    enabled = Bool(True, help="On by default: nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        rubrics = {cell.metadata[RUBRIC] for cell in nb.cells if is_rubric(cell)}
        if not rubrics:
            return nb, resources
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            # nbgrader's score reads 0 for an answer nobody has graded yet; its flag tells them apart
            scored = set()
            for grade_id in rubrics:
                grade = gradebook.find_grade(grade_id, info["notebook"], info["assignment"], info["student"])
                if grade.manual_score is not None or not grade.needs_manual_grade:
                    scored.add(grade_id)
        nb.cells = [cell for cell in nb.cells if not is_rubric(cell) or cell.metadata[RUBRIC] in scored]
        return nb, resources
