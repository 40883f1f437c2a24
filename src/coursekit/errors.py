"""The base of errors a user can fix, and a stop by SIGTERM; the command line prints each as one line."""

from __future__ import annotations

from typing import NoReturn

__all__ = ["CoursekitError", "Stopped", "raise_stopped"]


class CoursekitError(Exception):
    """A problem with the user's input or course folder, explained in the message."""


class Stopped(BaseException):
    """SIGTERM, raised as Ctrl-C raises KeyboardInterrupt (past `except Exception`), so that what a command
    started (worker processes, kernels) is stopped on the way out."""


def raise_stopped(signum: int, frame: object) -> NoReturn:
    """A SIGTERM handler."""
    raise Stopped()
