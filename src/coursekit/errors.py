"""The base of errors a user can fix; the command line prints them as one line, not a traceback."""

from __future__ import annotations

__all__ = ["CoursekitError"]


class CoursekitError(Exception):
    """A problem with the user's input or course folder, explained in the message."""
