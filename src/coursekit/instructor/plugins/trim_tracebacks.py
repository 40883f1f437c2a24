"""Cut error tracebacks to `ename: evalue`: a full traceback quotes the hidden test's source (nbgrader #917)."""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

__all__ = ["TrimTracebacks"]


class TrimTracebacks(Preprocessor):
    enabled = Bool(True, help="On by default: nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
