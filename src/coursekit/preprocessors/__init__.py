"""nbconvert preprocessors: only the instructor's code runs at grading; no hidden test reaches feedback."""

from coursekit.preprocessors.hide_expected import HideExpectedAnswers
from coursekit.preprocessors.restore_release_cells import RestoreReleaseCells
from coursekit.preprocessors.trim_tracebacks import TrimTracebacks

__all__ = ["HideExpectedAnswers", "RestoreReleaseCells", "TrimTracebacks"]
