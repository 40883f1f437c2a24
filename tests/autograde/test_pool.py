"""The worker pool with small fake workers: answers in order of completion, time limits, deaths, replacements."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from coursekit.autograde.pool import JobResult, WorkerPool

# A fake grading worker: one JSON request per line, answered by what its "chapter" asks for.
FAKE_WORKER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    if job["chapter"] == "die":
        os._exit(3)
    if job["chapter"] == "hang":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open(job["student"], "w").write(str(child.pid))
        time.sleep(60)
    if job["chapter"] == "slow":
        time.sleep(0.5)
    print(json.dumps({"ok": True, "reason": f"{os.getpid()}:{job['student']}"}), flush=True)
"""


@pytest.fixture
def fake_worker(tmp_path: Path) -> list[str]:
    script = tmp_path / "worker.py"
    script.write_text(FAKE_WORKER)
    return [sys.executable, str(script)]


def pool(command: list[str], *, size: int, timeout: float) -> WorkerPool:
    log = tempfile.TemporaryFile("w+")  # workers write their stderr here, as to grading.log
    return WorkerPool(command, size=size, timeout=timeout, log=log, cwd=Path.cwd())


def run(command: list[str], jobs: list[tuple[str, str]], *, size: int = 1, timeout: float = 5.0) -> list[JobResult]:
    with pool(command, size=size, timeout=timeout) as workers:
        return list(workers.run(jobs, lambda job: {"chapter": job[0], "student": job[1]}))


def gone(pid: int, within: float) -> bool:
    """Wait until the process has ended (a zombie counts: it runs nothing)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


def worker_pid(result: JobResult) -> int:
    return int(result.reason.split(":")[0])


def test_every_job_is_answered_by_a_worker(fake_worker: list[str]) -> None:
    """Does each job come back once, ok, with its worker's reply, and does one worker serve many jobs?"""
    results = run(fake_worker, [("ch01", f"s{n}") for n in range(5)])
    assert sorted(r.job for r in results) == [("ch01", f"s{n}") for n in range(5)]
    assert all(r.ok and not r.timed_out for r in results)
    assert len({worker_pid(r) for r in results}) == 1


def test_results_come_in_order_of_completion(fake_worker: list[str]) -> None:
    """With two workers, does a quick job finish before a slow one that started first?"""
    results = run(fake_worker, [("slow", "a"), ("ch01", "b")], size=2)
    assert [r.job for r in results] == [("ch01", "b"), ("slow", "a")]
    assert len({worker_pid(r) for r in results}) == 2


def test_a_job_past_its_limit_is_stopped_and_its_worker_replaced(fake_worker: list[str], tmp_path: Path) -> None:
    """Is a hanging job reported as timed out, the process it started killed with it, and the rest still graded
    by a new worker?"""
    child_file = tmp_path / "child.pid"
    results = run(fake_worker, [("ch01", "before"), ("hang", str(child_file)), ("ch01", "after")], timeout=1.0)
    by_job = {r.job[1]: r for r in results}
    hung = by_job[str(child_file)]
    assert (hung.ok, hung.timed_out) == (False, True)
    assert "timed out" in hung.reason and "1 s" in hung.reason
    assert by_job["after"].ok and worker_pid(by_job["after"]) != worker_pid(by_job["before"])
    assert gone(int(child_file.read_text()), within=120)


def test_a_worker_that_dies_is_replaced(fake_worker: list[str]) -> None:
    """Does a job whose worker dies fail with a reason (not a time-out), and do later jobs go to a new worker?"""
    results = run(fake_worker, [("ch01", "before"), ("die", "x"), ("ch01", "after")], timeout=30)
    by_job = {r.job[1]: r for r in results}
    assert (by_job["x"].ok, by_job["x"].timed_out) == (False, False)
    assert "died" in by_job["x"].reason and "grading.log" in by_job["x"].reason
    assert by_job["after"].ok and worker_pid(by_job["after"]) != worker_pid(by_job["before"])


def test_closing_ends_every_worker(fake_worker: list[str]) -> None:
    """When the pool closes, have its workers ended (their input closed), leaving no process behind?"""
    before = {child.pid for child in psutil.Process().children()}
    with pool(fake_worker, size=2, timeout=5):
        workers = {child.pid for child in psutil.Process().children()} - before
        assert len(workers) == 2
    assert all(gone(pid, within=120) for pid in workers)
