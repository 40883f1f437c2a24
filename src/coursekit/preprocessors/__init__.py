"""nbconvert preprocessors: only the instructor's code runs at grading; no hidden test reaches feedback."""

from coursekit.preprocessors.drop_unknown_cells import DropUnknownCells
from coursekit.preprocessors.hide_expected import HideExpectedAnswers
from coursekit.preprocessors.trim_tracebacks import TrimTracebacks

__all__ = ["DropUnknownCells", "HideExpectedAnswers", "TrimTracebacks"]
