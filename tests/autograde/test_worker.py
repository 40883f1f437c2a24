"""The grading worker: its reasons for failures, as the instructor reads them, and what it leaves behind."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from coursekit.autograde import worker
from coursekit.autograde.pool import worker_command
from coursekit.autograde.worker import failure_reason
from coursekit.nbgrader_run import nbgrader_env


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            "nbformat.reader.NotJSONError: Notebook does not appear to be JSON",
            "the notebook is corrupted: it is not valid notebook JSON",
        ),
        ("nbclient.exceptions.DeadKernelError: Kernel died", "the kernel died (out of memory, or the code crashed it)"),
        (
            "CellTimeoutError: A cell timed out while it was being executed",
            "a cell ran past the per-cell time limit (ExecutePreprocessor.timeout)",
        ),
        ("Traceback (most recent call last):\n  ...\nOSError: disk full", "OSError: disk full"),
        (
            "",
            "nbgrader autograde failed without naming the cause; its traceback and log are in autograded/grading.log",
        ),
    ],
)
def test_reasons_are_one_readable_line(error: str, reason: str) -> None:
    """Is each known failure named in words, and an unknown one by its last line?"""
    assert failure_reason(error, "") == reason


@pytest.mark.nbgrader
def test_a_worker_leaves_no_kernel_folder_behind(course: Path, tmp_path: Path) -> None:
    """When a worker ends (its input closed), is the kernelspec folder it made in the temporary folder gone?"""
    temp = tmp_path / "temp"
    temp.mkdir()
    command = worker_command(course, sandbox=False)
    result = subprocess.run(
        command, input="", capture_output=True, text=True, env={**nbgrader_env(), "TMPDIR": str(temp)}, check=False
    )
    assert result.returncode == 0, result.stderr
    assert list(temp.iterdir()) == []


@pytest.mark.nbgrader
def test_a_killed_workers_kernel_folder_is_in_the_runs_scratch(course: Path, tmp_path: Path) -> None:
    """Does a worker given --scratch make its kernel folder there, where the run removes it even after a kill?"""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    worker = subprocess.Popen(
        worker_command(course, sandbox=False, scratch=scratch),
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=nbgrader_env(),
    )
    try:
        deadline = time.monotonic() + 120
        while not list(scratch.glob("coursekit-kernels-*/kernels")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [p.name.startswith("coursekit-kernels-") for p in scratch.iterdir()] == [True]
    finally:
        worker.kill()
        worker.wait()


class FakeAPI:
    """nbgrader's API as a worker calls it, replying with the given results in turn."""

    def __init__(self, *results: dict[str, object]) -> None:
        self.results = list(results)
        self.calls = 0

    def autograde(self, chapter: str, student: str, *, force: bool, create: bool) -> dict[str, object]:
        self.calls += 1
        return self.results.pop(0) if len(self.results) > 1 else self.results[0]


STARTUP_DEATH = {"success": False, "error": f"RuntimeError: {worker.STARTUP_DEATH}", "log": ""}


def test_a_kernel_that_dies_before_its_first_reply_is_started_again() -> None:
    """A port taken by another kernel kills a kernel before any cell runs: is the submission graded on a new try?"""
    api = FakeAPI(STARTUP_DEATH, {"success": True, "log": ""})
    assert worker.grade(api, "ch01", "ana") == {"ok": True, "reason": ""}
    assert api.calls == 2


def test_a_kernel_that_never_starts_fails_after_a_few_tries() -> None:
    """A kernel that cannot start at all: is the submission failed, named, after STARTS tries and no more?"""
    api = FakeAPI(STARTUP_DEATH)
    reply = worker.grade(api, "ch01", "ana")
    assert reply["ok"] is False and reply["reason"] == "the kernel died (out of memory, or the code crashed it)"
    assert api.calls == worker.STARTS


def test_a_kernel_that_dies_running_a_cell_is_not_tried_again() -> None:
    """A kernel killed by the submission's own code: is it failed at once, never run a second time?"""
    api = FakeAPI({"success": False, "error": "nbclient.exceptions.DeadKernelError: Kernel died", "log": ""})
    assert worker.grade(api, "ch01", "ana")["ok"] is False
    assert api.calls == 1
