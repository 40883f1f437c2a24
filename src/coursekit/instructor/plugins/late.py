"""Late penalty per day, capped: nbgrader itself offers only no penalty or a zero."""

from __future__ import annotations

import math

from nbgrader.plugins import BasePlugin
from traitlets import Float

__all__ = ["PerDayLatePenalty", "late_penalty"]

DAY = 24 * 3600


def late_penalty(score: float, seconds_late: float, *, per_day: float, cap: float) -> float:
    """Points taken off: `per_day` of the score for each started day late, at most `cap` of it."""
    if seconds_late <= 0 or score <= 0:
        return 0.0
    days = math.ceil(seconds_late / DAY)
    return round(score * min(cap, per_day * days), 2)


class PerDayLatePenalty(BasePlugin):  # type: ignore[misc]
    """nbgrader late-submission plugin (AssignLatePenalties.plugin_class) using `late_penalty`."""

    per_day = Float(0.1, help="Share of the score taken off per started day late").tag(config=True)
    cap = Float(0.5, help="Largest share of the score taken off, however late").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        return late_penalty(score, total_seconds_late, per_day=self.per_day, cap=self.cap)

    def describe(self) -> str:
        """The rule in words, for feedback pages."""
        return f"{self.per_day:.0%} of the score for each started day late, at most {self.cap:.0%}"
