"""`coursekit grade --cluster`: grade on a Dask cluster, one task per submission, the gradebook in PostgreSQL.

No filesystem is assumed shared with the workers: the course's grading inputs are scattered to every worker
once, each submission's folder is packed into its task, and each graded folder comes back into autograded/.
Workers write grades straight into the shared gradebook. A worker lost mid-task has its tasks run again
elsewhere by Dask (a per-submission lock in PostgreSQL keeps a late finisher from interleaving with the new
run); a submission whose workers keep dying is reported failed and its grades removed by the caller.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from sqlalchemy.engine import make_url

from coursekit.autograde.cluster_worker import Shipped, grade_shipped, worker_facts
from coursekit.autograde.gradebook import GradeError
from coursekit.autograde.pool import DIED, JobResult
from coursekit.autograde.shipping import ShippingError, course_inputs, pack, replace_folder
from coursekit.course import Course, Submission

__all__ = ["ClusterGrading", "check_workers", "connect", "gradebook_for_cluster", "open_cluster"]

LOCAL = re.compile(r"local(?::(\d+))?")
SCHEDULER = re.compile(r"(?:[a-z]+://)?\[?[\w.:-]+\]?:\d+")  # tcp://host:8786, tls://host:8786, host:8786, [::1]:8786
CONNECT_SECONDS = 10
WORKERS_SECONDS = 60
NOTHING = "Nothing was graded."


def gradebook_for_cluster(course: Course, address: str) -> str:
    """Refuse a gradebook the workers cannot share; return a warning line (or "") about one they may not reach."""
    url = make_url(course.db_url)
    if url.get_backend_name() != "postgresql":
        raise GradeError(
            f"--cluster needs a gradebook every worker can write to, and this course's is {url.get_backend_name()} "
            f"({url.render_as_string(hide_password=True)}). Set COURSEKIT_DB_URL to a PostgreSQL database, "
            "e.g. postgresql://grader@db-host/mlops, run `coursekit release` against it, then grade again. " + NOTHING
        )
    local_host = url.host in (None, "", "localhost", "127.0.0.1", "::1")
    if local_host and not LOCAL.fullmatch(address):
        return (
            f"warning: the gradebook's host is {url.host or 'a local socket'}: workers on other machines look for "
            "PostgreSQL on themselves. Use a host name they can reach in COURSEKIT_DB_URL."
        )
    return ""


@contextlib.contextmanager
def open_cluster(course: Course, address: str, *, sandbox: bool, stream: IO[str]) -> Iterator[Any]:
    """A client of the cluster at `address`, with the gradebook and every worker checked before anything is
    graded; says where grading runs on `stream`."""
    warning = gradebook_for_cluster(course, address)
    with connect(address) as client:
        stream.write(check_workers(client, sandbox=sandbox) + "\n")
        if warning:
            stream.write(warning + "\n")
        yield client


@contextlib.contextmanager
def connect(address: str) -> Iterator[Any]:
    """A Dask client for `address` (tcp://host:8786), or for a local cluster of N worker processes (local[:N])."""
    from distributed import Client, LocalCluster

    local = LOCAL.fullmatch(address)
    if not local and not SCHEDULER.fullmatch(address):
        raise GradeError(
            f"--cluster {address!r} is no cluster address: give a running scheduler's (tcp://scheduler-host:8786, "
            f"as `dask scheduler` prints it) or local:N for a local cluster of N workers. {NOTHING}"
        )
    if local:
        workers = int(local.group(1) or os.cpu_count() or 1)
        if workers < 1:
            raise GradeError(f"--cluster {address}: a local cluster needs at least one worker. {NOTHING}")
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise GradeError(
            f"cannot reach the Dask scheduler at {address}: {error}. Start one with `dask scheduler` and workers "
            f'with `dask worker {address}` (README, "Grading on a cluster"), or check the address. {NOTHING}'
        ) from None
    # a lost scheduler is explained in one line (ClusterGrading.run), not by Dask's reconnection traceback
    quiet = logging.getLogger("distributed.client")
    with _log_level(quiet, logging.CRITICAL), client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise GradeError(
                f"the Dask scheduler at {address} has no workers after {WORKERS_SECONDS} s: start them with "
                f"`dask worker {address}`. {NOTHING}"
            ) from None
        yield client


@contextlib.contextmanager
def _log_level(logger: logging.Logger, level: int) -> Iterator[None]:
    before = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)


def check_workers(client: Any, *, sandbox: bool) -> str:
    """Refuse workers that would grade differently (another coursekit or nbgrader) or that cannot sandbox
    student code (unless the sandbox is off); return the line saying where grading runs."""
    from importlib.metadata import version

    try:
        facts: dict[str, dict[str, str]] = client.run(worker_facts)
    except Exception as error:  # a worker without coursekit cannot even unpickle the question
        raise GradeError(
            f"a Dask worker could not run coursekit's check: {type(error).__name__}: {error}. Install the same "
            f'coursekit on every worker (README, "Grading on a cluster"). {NOTHING}'
        ) from None
    ours = {"coursekit": version("coursekit"), "nbgrader": version("nbgrader")}
    problems = []
    for address, fact in sorted(facts.items()):
        for package, wanted in ours.items():
            if fact[package] != wanted:
                problems.append(f"{address} ({fact['host']}) has {package} {fact[package]}, this machine {wanted}")
        if sandbox and fact["sandbox"]:
            problems.append(f"{address} ({fact['host']}) cannot sandbox student code: {fact['sandbox']}")
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise GradeError(
            f"refusing to grade on this cluster:\n{lines}\nInstall the same coursekit and nbgrader and bubblewrap "
            f"on every worker (or pass --no-sandbox, for submissions you trust). {NOTHING}"
        )
    hosts = sorted({fact["host"] for fact in facts.values()})
    sandboxed = "sandbox on every worker" if sandbox else "Sandbox: OFF (--no-sandbox) on every worker"
    workers = f"{len(facts)} Dask worker{'s' if len(facts) != 1 else ''}"
    machines = f"{len(hosts)} machine{'s' if len(hosts) != 1 else ''}"
    return f"Cluster: {workers} on {machines} ({', '.join(hosts)}); {sandboxed}."


class ClusterGrading:
    """Grades submissions on a Dask cluster; used as a local WorkerPool is (run, in_progress, a with block)."""

    def __init__(self, client: Any, course: Course, *, timeout: float, sandbox: bool, log: IO[str]):
        self._client, self._course, self._log = client, course, log
        self._settings = {"db_url": course.db_url, "sandbox": sandbox, "timeout": timeout}
        self._futures: dict[Any, Submission] = {}
        self._address = str(getattr(client.scheduler, "address", "") or "its address")

    def run(self, jobs: Iterable[Submission]) -> Iterator[JobResult]:
        """Yield each submission's result as it completes; a bounded number of tasks is out at once, so a large
        cohort's submissions are not all packed in memory."""
        from distributed import as_completed

        pending = list(jobs)[::-1]
        total, done = len(pending), 0
        inputs = self._client.scatter(course_inputs(self._course), broadcast=True)
        window = max(4, 4 * sum(self._client.nthreads().values()))
        running = as_completed()
        while pending or self._futures:
            while pending and len(self._futures) < window:
                submission = pending.pop()
                try:
                    running.add(self._submit(inputs, submission))
                except OSError as error:  # one unreadable folder must not stop the others
                    done += 1
                    yield JobResult(submission, False, f"its folder could not be packed to ship it: {error}", 0.0)
            if self._futures:
                future = next(running)
                if self._scheduler_lost(future):
                    raise GradeError(
                        f"lost the Dask scheduler at {self._address} mid-run: {done} of {total} submissions were "
                        f"graded (or failed) and recorded, the other {total - done} not. Start the scheduler and its "
                        "workers again and run the same command: it grades only what is left."
                    )
                done += 1
                yield self._result(self._futures.pop(future), future)

    def _scheduler_lost(self, future: Any) -> bool:
        """Dask cancels every task of a client that lost its scheduler; no worker is left to run them."""
        if future.status != "cancelled":
            return False
        try:
            future.result()
        except Exception as error:  # concurrent.futures' CancelledError, with a reason in recent Dask releases
            if getattr(error, "reason", "") == "scheduler-connection-lost":
                return True
        return str(self._client.status) != "running"

    def _submit(self, inputs: Any, submission: Submission) -> Any:
        data = pack(self._course.submission_folder(submission))
        future = self._client.submit(
            grade_shipped, inputs, submission.chapter, submission.student, data, pure=False, **self._settings
        )
        self._futures[future] = submission
        return future

    def _result(self, submission: Submission, future: Any) -> JobResult:
        from distributed import KilledWorker

        try:
            shipped: Shipped = future.result()
        except KilledWorker:
            return JobResult(submission, False, f"{DIED}: every Dask worker that took it died", 0.0)
        except Exception as error:  # a task that raised on its worker: the worker's message, on one line
            return JobResult(submission, False, f"the Dask task failed: {type(error).__name__}: {error}", 0.0)
        if shipped.log:
            self._log.write(shipped.log)
            self._log.flush()
        ok, reason = shipped.ok, shipped.reason
        if ok and shipped.autograded is not None:
            try:
                replace_folder(shipped.autograded, self._course.autograded_folder(submission))
            except ShippingError as error:
                ok, reason = False, f"its graded copy from {shipped.worker} could not be unpacked: {error}"
        return JobResult(submission, ok, reason, shipped.seconds, shipped.timed_out)

    def in_progress(self) -> list[Submission]:
        """None to discard: a task cut off by a stop finishes on its worker, whole, under its submission lock."""
        return []

    def __enter__(self) -> ClusterGrading:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._futures:
            self._client.cancel(list(self._futures))
            self._futures.clear()
