"""Drop code cells nbgrader does not know, so the only code that runs at grading is the instructor's.

A cell the student added (or whose nbgrader metadata names no cell of the released notebook) could read or
change anything the kernel can reach; it never runs. Markdown cells stay (they do not run) but lose forged
nbgrader metadata.
"""

from __future__ import annotations

from typing import Any

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["DropUnknownCells"]


class DropUnknownCells(NbGraderPreprocessor):  # type: ignore[misc]
    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            known = {cell.name for cell in notebook.source_cells}
        kept = []
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in known:
                kept.append(cell)
            elif cell.cell_type == "code":
                self.log.warning("Dropped a code cell that is not in the release: %r", cell.source[:80])
            else:
                cell.metadata.pop("nbgrader", None)
                kept.append(cell)
        nb.cells = kept
        return nb, resources
