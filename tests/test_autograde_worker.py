"""The grading worker's reasons for failures, as the instructor reads them."""

from __future__ import annotations

import pytest

from coursekit.autograde.worker import failure_reason


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ("nbformat.reader.NotJSONError: Notebook does not appear to be JSON", "not valid notebook JSON"),
        ("nbclient.exceptions.DeadKernelError: Kernel died", "the kernel died"),
        ("CellTimeoutError: A cell timed out while it was being executed", "per-cell time limit"),
        ("Traceback (most recent call last):\n  ...\nOSError: disk full", "OSError: disk full"),
        ("", "nbgrader autograde failed"),
    ],
)
def test_reasons_are_one_readable_line(error: str, reason: str) -> None:
    """Is each known failure named in words, and an unknown one by its last line?"""
    assert reason in failure_reason(error, "")
