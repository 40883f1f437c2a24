"""`coursekit grade --cluster` when the cluster fails under it: a worker killed mid-run (its submissions graded
on the other, each once, its grading processes gone with it) and the scheduler lost mid-run (a one-line error, what
was graded kept, and the next run grading only what is left)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from cluster_runs import SUBMISSIONS, finished, grade, grades, journal_lines, statuses, submitted
from cohort import on_postgres
from dask_cluster import dask_cluster
from gradebook_reader import scores_and_penalties
from postgres import PostgresServer
from processes import descendants

pytestmark = pytest.mark.nbgrader


def test_a_worker_killed_mid_run_loses_nothing(graded_cohort: Path, postgres: PostgresServer, tmp_path: Path) -> None:
    """On a cluster of `dask scheduler` and two `dask worker` commands, kill one worker (SIGKILL) while it grades:
    its grading processes end with it, every submission is graded exactly once, with the grades of one machine?"""
    from distributed import Client

    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    with dask_cluster(tmp_path / "cluster", workers=2) as cluster:
        run = grade(course, url, "--cluster", cluster.address)
        victim = cluster.workers[0]
        with Client(cluster.address, timeout=30) as client:
            deadline = time.monotonic() + 300
            while True:  # until the first worker has graded one submission and is grading another
                assert run.poll() is None and time.monotonic() < deadline, run.communicate()
                done = journal_lines(course)
                mine = [w for w, info in client.scheduler_info()["workers"].items() if info["name"] == "worker-0"]
                if done >= 1 and mine and client.processing(workers=mine).get(mine[0]):
                    break
                time.sleep(0.1)
            children = descendants(victim.pid)
            os.kill(victim.pid, signal.SIGKILL)
        code, out, err = finished(run)
        assert code == 0, err[-3000:]
        assert out.splitlines()[0] == f"{SUBMISSIONS} submissions: {SUBMISSIONS} graded"
        assert statuses(course) == sorted((c, s, "graded") for s, c in submitted(course))
        assert grades(course, url) == scores_and_penalties(graded_cohort)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert children and not [pid for pid in children if _alive(pid)]


def test_a_lost_scheduler_stops_the_run_and_the_next_grades_what_is_left(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path
) -> None:
    """Kill the `dask scheduler` once two submissions are graded: exit 2 with one line saying how many were recorded
    and what to do, those kept; the same command on a new cluster grades the rest, with the grades of one machine?"""
    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    with dask_cluster(tmp_path / "cluster", workers=2) as cluster:
        run = grade(course, url, "--cluster", cluster.address)
        deadline = time.monotonic() + 300
        while journal_lines(course) < 2:
            assert run.poll() is None and time.monotonic() < deadline, run.communicate()
            time.sleep(0.1)
        os.killpg(cluster.scheduler.pid, signal.SIGKILL)
        code, out, err = finished(run, timeout=120)
        recorded = len(statuses(course))
    assert code == 2 and out == ""
    assert 2 <= recorded < SUBMISSIONS
    assert err.splitlines()[-1] == (
        f"coursekit grade: lost the Dask scheduler at {cluster.address} mid-run: {recorded} of {SUBMISSIONS} "
        f"submissions were graded (or failed) and recorded, the other {SUBMISSIONS - recorded} not. Start the "
        "scheduler and its workers again and run the same command: it grades only what is left."
    )
    assert "Traceback" not in err
    with dask_cluster(tmp_path / "again", workers=2) as cluster:
        code, out, err = finished(grade(course, url, "--cluster", cluster.address))
    assert code == 0, err[-3000:]
    left = SUBMISSIONS - recorded
    assert out.splitlines()[0] == f"{SUBMISSIONS} submissions: {left} graded, {recorded} unchanged"
    assert statuses(course) == sorted((c, s, "graded") for s, c in submitted(course))
    assert grades(course, url) == scores_and_penalties(graded_cohort)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for whoever inherited it to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
