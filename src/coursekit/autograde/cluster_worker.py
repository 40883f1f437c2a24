"""What a Dask worker runs for `coursekit grade --cluster`: grade one submission shipped with its task.

The course's grading inputs arrive once per worker process (a scattered archive, unpacked into a private copy of
the course named by its digest). Each task unpacks its submission into that copy, hands it to a grading worker
process (`coursekit.autograde.worker`, the same one a local run uses: sandbox, kernels forked from a template,
time limit), and returns the outcome with the autograded folder packed. Grades go straight to the shared
PostgreSQL gradebook. Grading processes live as long as the Dask worker, one per task running at once, so nbgrader's
import and the kernel template are paid once per worker, not once per submission.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from coursekit.autograde.pool import WorkerPool, worker_command
from coursekit.autograde.sandbox.kernelspec import scratch_parent
from coursekit.autograde.shipping import CourseInputs, ShippingError, pack, unpack
from coursekit.course import Course, Submission
from coursekit.nbgrader_run import nbgrader_env

__all__ = ["Shipped", "grade_shipped", "worker_facts"]


@dataclass(frozen=True)
class Shipped:
    """A task's outcome: as a local grading worker answers, with the graded folder and the log lines it wrote."""

    ok: bool
    reason: str
    seconds: float
    timed_out: bool
    autograded: bytes | None
    log: str
    worker: str


@dataclass
class _Grader:
    pool: WorkerPool
    log: IO[str]
    scratch: Path


_lock = threading.Lock()
_courses: dict[str, Path] = {}
_idle: dict[tuple[str, str, bool, float], list[_Grader]] = {}
_all: list[_Grader] = []


def worker_facts() -> dict[str, str]:
    """What the client checks on every worker before grading: versions, and why the sandbox cannot run."""
    from importlib.metadata import version

    from coursekit.autograde.sandbox import SandboxUnavailable, check_sandbox

    try:
        check_sandbox()
        problem = ""
    except SandboxUnavailable as error:
        problem = str(error)
    return {
        "host": socket.gethostname(),
        "coursekit": version("coursekit"),
        "nbgrader": version("nbgrader"),
        "sandbox": problem,
    }


def grade_shipped(
    inputs: CourseInputs,
    chapter: str,
    student: str,
    submission: bytes,
    *,
    db_url: str,
    sandbox: bool,
    timeout: float,
) -> Shipped:
    """Grade one shipped submission against the gradebook at `db_url`; never raises for the submission's sake."""
    where = _worker_name()
    course = Course.at(_course_copy(inputs))
    job = Submission(chapter, student)
    folder, graded = course.submission_folder(job), course.autograded_folder(job)
    grader = _take_grader(course, inputs.digest, db_url, sandbox, timeout)
    start = os.path.getsize(grader.log.name)  # the grading process appends to it through its own descriptor
    try:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(graded, ignore_errors=True)
        try:
            unpack(submission, folder)
        except ShippingError as error:
            reason = f"the submission could not be unpacked on {where}: {error}"
            return Shipped(False, reason, 0.0, False, None, "", where)
        result = next(grader.pool.run([job]))
        archive = pack(graded) if result.ok and graded.is_dir() else None
        with open(grader.log.name, encoding="utf-8", errors="replace") as log:
            log.seek(start)
            written = log.read()
        return Shipped(result.ok, result.reason, result.seconds, result.timed_out, archive, written, where)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(graded, ignore_errors=True)
        with _lock:
            _idle.setdefault((inputs.digest, db_url, sandbox, timeout), []).append(grader)


def _dask_worker() -> Any | None:
    """The Dask worker running this task; None when called outside one (a test)."""
    try:
        from distributed import get_worker

        return get_worker()
    except (ImportError, ValueError):
        return None


def _worker_name() -> str:
    worker = _dask_worker()
    return str(worker.address) if worker else socket.gethostname()


def _course_copy(inputs: CourseInputs) -> Path:
    """This process's copy of the course, unpacked the first time its digest is seen."""
    with _lock:
        if inputs.digest not in _courses:
            root = Path(tempfile.mkdtemp(prefix=f"coursekit-course-{inputs.digest}-", dir=_local_directory()))
            unpack(inputs.data, root)
            _courses[inputs.digest] = root
            atexit.register(shutil.rmtree, root, True)
        return _courses[inputs.digest]


def _local_directory() -> str | None:
    worker = _dask_worker()
    return str(worker.local_directory) if worker else None


def _take_grader(course: Course, digest: str, db_url: str, sandbox: bool, timeout: float) -> _Grader:
    """An idle grading process for these settings, or a new one; those kept for other settings are stopped."""
    key = (digest, db_url, sandbox, timeout)
    with _lock:
        for other in [k for k in _idle if k != key]:
            for stale in _idle.pop(other):
                _close(stale)
        if _idle.get(key):
            return _idle[key].pop()
    # not in Dask's deep local folder: kernels' socket paths must stay under 108 bytes
    scratch = Path(tempfile.mkdtemp(prefix="coursekit-grading-", dir=scratch_parent()))
    log = open(scratch / "grading.log", "a", encoding="utf-8")  # noqa: SIM115 - lives with the grader
    command = worker_command(course.root, sandbox=sandbox, scratch=scratch)
    env = {**nbgrader_env(), "COURSEKIT_DB_URL": db_url}
    grader = _Grader(WorkerPool(command, size=1, timeout=timeout, log=log, cwd=course.root, env=env), log, scratch)
    with _lock:
        _all.append(grader)
    return grader


def _close(grader: _Grader) -> None:
    grader.pool.close()
    grader.log.close()
    shutil.rmtree(grader.scratch, ignore_errors=True)
    _all.remove(grader)


@atexit.register
def _close_all() -> None:
    for grader in list(_all):
        _close(grader)
