"""The late penalty: a share of the score per started day late, capped."""

from __future__ import annotations

import pytest

from coursekit.instructor.plugins.late import DAY, PerDayLatePenalty, late_penalty


@pytest.mark.parametrize(
    ("seconds_late", "penalty"),
    [(0, 0.0), (-5, 0.0), (60, 2.0), (DAY, 2.0), (DAY + 1, 4.0), (3 * DAY, 6.0), (30 * DAY, 10.0)],
)
def test_per_started_day_and_capped(seconds_late: float, penalty: float) -> None:
    """Does each started day cost 10% of a 20-point score, never more than half of it?"""
    assert late_penalty(20.0, seconds_late, per_day=0.1, cap=0.5) == penalty


def test_plugin_reads_its_configuration() -> None:
    """Does the nbgrader plugin apply the configured share and cap?"""
    plugin = PerDayLatePenalty(per_day=0.25, cap=0.5)
    assert plugin.late_submission_penalty("ada", 8.0, 1.5 * DAY) == 4.0
    assert plugin.late_submission_penalty("ada", 0.0, 1.5 * DAY) == 0.0
