"""nbconvert preprocessors that keep hidden tests and keys out of what students see after grading."""

from coursekit.preprocessors.hide_expected import HideExpectedAnswers
from coursekit.preprocessors.trim_tracebacks import TrimTracebacks

__all__ = ["HideExpectedAnswers", "TrimTracebacks"]
