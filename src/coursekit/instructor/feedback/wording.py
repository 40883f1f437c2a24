"""How feedback pages say marks, times and lateness."""

from __future__ import annotations

import datetime

__all__ = ["lateness", "marks", "points", "when"]


def points(amount: float) -> str:
    """'3 points', '1 point', '0.5 points'."""
    return f"{round(amount, 2):g} point{'' if amount == 1 else 's'}"


def marks(score: float | None, out_of: float) -> str:
    """'1 of 3 points', '0.5 of 1 point', or 'not graded yet (4 points)' when score is None."""
    return f"not graded yet ({points(out_of)})" if score is None else f"{round(score, 2):g} of {points(out_of)}"


def when(moment: datetime.datetime | None) -> str:
    """'2026-12-01 17:00 UTC' (nbgrader keeps times in UTC, without a zone); empty when there is none."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def lateness(seconds: float) -> str:
    """'1 day 3 hours late', '12 minutes late'; empty when on time."""
    if seconds <= 0:
        return ""
    minutes = max(1, round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    said = [f"{count} {unit}{'' if count == 1 else 's'}" for count, unit in parts if count]
    return " ".join(said) + " late"
