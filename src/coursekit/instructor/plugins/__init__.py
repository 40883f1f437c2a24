"""Plug-ins that nbgrader loads by dotted name from nbgrader_config.py (late penalty, preprocessors).

Only the instructor's code runs at grading (RestoreReleaseCells); graders see each written answer's model answer
and rubric (ShowRubrics), students once it is scored (RubricsOnceGraded); no hidden test reaches feedback
(TrimTracebacks, HideExpectedAnswers); feedback pages show each exercise as a titled section with its marks and
the answer beside the key (FeedbackSections, rendered by FeedbackPage); late work loses points per day
(PerDayLatePenalty).
"""

from coursekit.instructor.feedback.exporter import FeedbackPage
from coursekit.instructor.plugins.feedback_sections import FeedbackSections
from coursekit.instructor.plugins.hide_expected import HideExpectedAnswers
from coursekit.instructor.plugins.late import PerDayLatePenalty
from coursekit.instructor.plugins.restore_release_cells import RestoreReleaseCells
from coursekit.instructor.plugins.rubrics import RubricsOnceGraded, ShowRubrics
from coursekit.instructor.plugins.trim_tracebacks import TrimTracebacks

__all__ = [
    "FeedbackPage",
    "FeedbackSections",
    "HideExpectedAnswers",
    "PerDayLatePenalty",
    "RestoreReleaseCells",
    "RubricsOnceGraded",
    "ShowRubrics",
    "TrimTracebacks",
]
