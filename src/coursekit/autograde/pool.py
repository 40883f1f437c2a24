"""A pool of long-lived grading workers with a wall-clock limit per job.

concurrent.futures cannot stop one running job; this pool can: a worker that passes its deadline is killed
with its whole process group and replaced, and the job is reported as timed out.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from coursekit.nbgrader_run import nbgrader_env

__all__ = ["DIED", "JobResult", "WorkerPool"]

DIED = "the grading process died (see autograded/grading.log)"


@dataclass(frozen=True)
class JobResult:
    job: Any
    ok: bool
    reason: str
    seconds: float
    timed_out: bool = False


@dataclass
class _Worker:
    process: subprocess.Popen[str]
    job: Any = None
    started: float = 0.0


class WorkerPool:
    """Runs jobs ({"chapter", "student"} requests) on `size` worker processes."""

    def __init__(
        self,
        command: list[str],
        *,
        size: int,
        timeout: float,
        log: IO[str],
        cwd: Path,
        env: dict[str, str] | None = None,
    ):
        self._command, self._timeout, self._log, self._cwd = command, timeout, log, cwd
        self._env = env or nbgrader_env()
        self._workers = [self._start() for _ in range(max(1, size))]
        self._selector = selectors.DefaultSelector()

    def _start(self) -> _Worker:
        process = subprocess.Popen(
            self._command,
            cwd=self._cwd,
            env=self._env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            # its own process group, so a kill reaches the worker's children; kernels run in sessions of their
            # own and end with the worker (the sandbox launcher's parent-death signal, ipykernel's parent poller)
            start_new_session=True,
        )
        return _Worker(process)

    def run(self, jobs: Iterable[Any], request: Callable[[Any], dict[str, str]] | None = None) -> Iterator[JobResult]:
        """Yield each job's result as it completes (order of completion). A job is sent to a worker as
        `request(job)`, by default a submission's {"chapter", "student"}."""
        request = request or _submission_request
        pending = list(jobs)[::-1]
        busy = 0
        while pending or busy:
            for index, idle in enumerate(self._workers):
                if idle.job is None and pending:
                    job = pending.pop()
                    given = self._send(index, job, request(job))
                    if given is None:
                        yield JobResult(job, False, DIED, 0.0)
                        continue
                    assert given.process.stdout
                    self._selector.register(given.process.stdout, selectors.EVENT_READ, given)
                    busy += 1
            for key, _ in self._selector.select(timeout=0.2):
                worker = key.data
                line = worker.process.stdout.readline()
                yield self._finish(worker, line)
                busy -= 1
            now = time.monotonic()
            for worker in self._workers:
                if worker.job is not None and now - worker.started > self._timeout:
                    yield self._finish(worker, "", timed_out=True)
                    busy -= 1

    def _send(self, index: int, job: Any, message: dict[str, str]) -> _Worker | None:
        """Hand `job` to worker `index`; one that died since its last answer is replaced first. None: the
        replacement died too, before it could read anything."""
        for _ in range(2):
            worker = self._workers[index]
            assert worker.process.stdin and worker.process.stdout
            try:
                worker.process.stdin.write(json.dumps(message) + "\n")
                worker.process.stdin.flush()
            except BrokenPipeError:  # it died between two submissions (killed, out of memory)
                self._kill(worker)
                self._workers[index] = self._start()
                continue
            worker.job, worker.started = job, time.monotonic()
            return worker
        return None

    def in_progress(self) -> list[Any]:
        """The jobs workers were given and have not answered (after a stop: those cut off midway)."""
        return [worker.job for worker in self._workers if worker.job is not None]

    def _finish(self, worker: _Worker, line: str, *, timed_out: bool = False) -> JobResult:
        assert worker.process.stdout
        self._selector.unregister(worker.process.stdout)
        job, seconds = worker.job, time.monotonic() - worker.started
        worker.job = None
        if line:
            reply = json.loads(line)
            return JobResult(job, bool(reply["ok"]), str(reply["reason"]), seconds, bool(reply.get("timed_out")))
        # timed out, or the worker died: replace it (a dead worker closed its stdout)
        self._kill(worker)
        self._workers[self._workers.index(worker)] = self._start()
        reason = f"timed out: still running after {self._timeout:g} s (stopped)" if timed_out else DIED
        return JobResult(job, False, reason, seconds, timed_out=timed_out)

    def _kill(self, worker: _Worker) -> None:
        try:
            os.killpg(worker.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.process.wait()
        for stream in (worker.process.stdin, worker.process.stdout):
            if stream:
                with contextlib.suppress(BrokenPipeError):  # a request it never read: it is gone anyway
                    stream.close()

    def close(self) -> None:
        for worker in self._workers:
            if worker.process.stdin:
                with contextlib.suppress(BrokenPipeError):  # it died since its last answer
                    worker.process.stdin.close()  # a worker ends when its input ends
        for worker in self._workers:
            try:
                worker.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._kill(worker)
            if worker.process.stdout:
                worker.process.stdout.close()
        self._selector.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if any(exc):  # interrupted: do not wait for running jobs
            for worker in self._workers:
                self._kill(worker)
            self._selector.close()
        else:
            self.close()


def _submission_request(submission: Any) -> dict[str, str]:
    return {"chapter": submission.chapter, "student": submission.student}


def worker_command(course_root: Path, *, sandbox: bool, scratch: Path | None = None) -> list[str]:
    """The command of a grading worker (coursekit.autograde.worker) for this course."""
    command = [sys.executable, "-I", "-m", "coursekit.autograde.worker", str(course_root)]
    if scratch is not None:
        command += ["--scratch", str(scratch)]
    return command if sandbox else [*command, "--no-sandbox"]
