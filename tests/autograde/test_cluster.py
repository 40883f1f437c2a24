"""`coursekit grade --cluster`, as the instructor runs it: the session's cohort graded on real Dask clusters (a
local one of worker processes, and one started as separate `dask scheduler` and `dask worker` commands) against a
real PostgreSQL gradebook, with exactly the grades `coursekit grade` gives on one machine with SQLite; time limits;
and the refusals that come before anything is graded. Workers and schedulers lost mid-run: test_cluster_faults.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cluster_runs import COURSEKIT, SUBMISSIONS, finished, grade, grades, statuses, submitted
from cohort import on_postgres, prepend_to_test_cells, ungraded_copy
from coursekit.course import Course
from dask_cluster import dask_cluster
from gradebook_reader import scores_and_penalties
from postgres import PostgresServer

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def local_run(
    graded_cohort: Path, postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str, tuple[int, str, str]]:
    """The cohort, ungraded, its gradebook in PostgreSQL, graded with `--cluster local:2`."""
    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path_factory.mktemp("local-cluster") / "course", url)
    return course, url, finished(grade(course, url, "--cluster", "local:2"))


def test_a_local_cluster_gives_the_grades_of_one_machine(
    local_run: tuple[Path, str, tuple[int, str, str]], graded_cohort: Path
) -> None:
    """Every score and late penalty in the PostgreSQL gradebook equals the SQLite one graded on one machine, every
    graded notebook came back into autograded/, and the run says where it graded?"""
    course, url, (code, out, err) = local_run
    assert code == 0, err[-3000:]
    assert out.splitlines()[0] == f"{SUBMISSIONS} submissions: {SUBMISSIONS} graded"
    assert "Cluster: 2 Dask workers on 1 machine (" in err and "sandbox on every worker" in err
    assert grades(course, url) == scores_and_penalties(graded_cohort)
    returned = sorted(p.relative_to(course / "autograded") for p in (course / "autograded").glob("*/*/*.ipynb"))
    expected = sorted(
        p.relative_to(graded_cohort / "autograded") for p in (graded_cohort / "autograded").glob("*/*/*.ipynb")
    )
    assert returned == expected and len(returned) == SUBMISSIONS


def test_feedback_and_the_report_read_what_came_back(
    local_run: tuple[Path, str, tuple[int, str, str]], graded_cohort_copy: Path
) -> None:
    """`coursekit report` writes the same grades.csv as for the cohort graded on one machine, and `coursekit
    feedback` a page for every submission?"""
    course, url, _ = local_run
    env = {**os.environ, "COURSEKIT_DB_URL": url}
    runs = [(course, "report", env), (graded_cohort_copy, "report", dict(os.environ)), (course, "feedback", env)]
    for folder, command, environment in runs:
        run = subprocess.run(
            [COURSEKIT, command, "--course", str(folder)], env=environment, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr[-3000:]
    assert (course / "reports" / "grades.csv").read_text() == (
        graded_cohort_copy / "reports" / "grades.csv"
    ).read_text()
    pages = sorted(p.relative_to(course / "feedback") for p in (course / "feedback").glob("*/*/*.html"))
    assert len(pages) == SUBMISSIONS


def test_a_second_run_grades_only_what_changed(local_run: tuple[Path, str, tuple[int, str, str]]) -> None:
    """Run again with one submission changed: only that one is graded, the others are unchanged?"""
    course, url, _ = local_run
    student, chapter = sorted(submitted(course))[0]
    answers = course / "submitted" / student / chapter / "answers.json"
    answers.write_text(json.dumps({**json.loads(answers.read_text()), "unused": 1}))
    code, out, err = finished(grade(course, url, "--cluster", "local:1"))
    assert code == 0, err[-3000:]
    assert "Grading 1 of 10 submissions." in err
    assert out.splitlines()[0] == f"{SUBMISSIONS} submissions: 1 graded, {SUBMISSIONS - 1} unchanged"


def test_workers_started_as_the_readme_starts_them_grade_alike(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path
) -> None:
    """`dask scheduler` and one `dask worker ADDRESS --nworkers 2 --nthreads 1` (nannies and all, as the README
    starts a worker machine): every submission graded once, with the grades of one machine?"""
    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    with dask_cluster(tmp_path / "cluster", workers=2, one_command=True) as cluster:
        code, out, err = finished(grade(course, url, "--cluster", cluster.address))
    assert code == 0, err[-3000:]
    assert err.splitlines()[0].startswith("Cluster: 2 Dask workers on 1 machine (")
    assert out.splitlines()[0] == f"{SUBMISSIONS} submissions: {SUBMISSIONS} graded"
    assert statuses(course) == sorted((c, s, "graded") for s, c in submitted(course))
    assert grades(course, url) == scores_and_penalties(graded_cohort)


def test_an_sqlite_gradebook_is_refused(graded_cohort: Path, tmp_path: Path) -> None:
    """`--cluster` with the course's SQLite gradebook: exit 2, one message naming the fix, nothing graded?"""
    course = ungraded_copy(graded_cohort, tmp_path / "course")
    before = (course / "gradebook.db").read_bytes()
    code, out, err = finished(grade(course, None, "--cluster", "local:1"))
    assert code == 2 and out == ""
    assert "coursekit grade: --cluster needs a gradebook every worker can write to" in err
    assert "Set COURSEKIT_DB_URL to a PostgreSQL database" in err and "Nothing was graded." in err
    assert (course / "gradebook.db").read_bytes() == before
    assert not (course / "autograded").exists()


def test_an_unreachable_scheduler_is_named_before_grading(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path
) -> None:
    """A scheduler address nobody listens on: exit 2 naming the address and how to start one, nothing graded?"""
    import socket

    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    code, out, err = finished(grade(course, url, "--cluster", address), timeout=120)
    assert code == 2 and out == ""
    assert f"coursekit grade: cannot reach the Dask scheduler at {address}" in err
    assert "`dask scheduler`" in err and "Nothing was graded." in err
    assert postgres.query(url, "SELECT count(*) FROM submitted_assignment") == [(0,)]
    assert not (course / "autograded").exists()


@pytest.mark.parametrize("address", ["scheduler-host", "local:two", "local:", "tcp://scheduler-host", "http://"])
def test_an_address_that_is_no_cluster_is_named(address: str) -> None:
    """A --cluster value that is neither a scheduler address with its port nor local[:N]: refused at once, saying
    what to give?"""
    from coursekit.autograde.cluster import connect
    from coursekit.autograde.gradebook import GradeError

    with pytest.raises(GradeError) as refused, connect(address):
        pass
    assert str(refused.value) == (
        f"--cluster {address!r} is no cluster address: give a running scheduler's (tcp://scheduler-host:8786, as "
        "`dask scheduler` prints it) or local:N for a local cluster of N workers. Nothing was graded."
    )


def test_workers_without_bubblewrap_are_refused(graded_cohort: Path, postgres: PostgresServer, tmp_path: Path) -> None:
    """A worker on which bwrap cannot be found: refused naming that worker, unless --no-sandbox?"""
    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    bare = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # this environment's scripts, no bwrap
    with dask_cluster(tmp_path / "cluster", workers=1, env=bare) as cluster:
        code, out, err = finished(grade(course, url, "--cluster", cluster.address, "--chapter", "ch01"))
        assert code == 2 and out == ""
        assert "refusing to grade on this cluster:" in err
        assert "cannot sandbox student code: bubblewrap (bwrap) is not installed" in err
        assert postgres.query(url, "SELECT count(*) FROM submitted_assignment") == [(0,)]
        code, out, err = finished(grade(course, url, "--cluster", cluster.address, "--chapter", "ch01", "--no-sandbox"))
        assert code == 0, err[-3000:]
        assert out.splitlines()[0] == "5 submissions: 5 graded"


def test_a_folder_that_cannot_be_shipped_fails_alone(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One submission's folder cannot be read to pack it: that one fails with the reason, the others are graded
    with the grades of one machine?"""
    import io

    from coursekit.autograde.run import grade_cohort
    from coursekit.autograde.shipping import pack as real_pack

    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    monkeypatch.setenv("COURSEKIT_DB_URL", url)
    unreadable = course / "submitted" / "student003" / "ch01"

    def pack(folder: Path, **kwargs: str) -> bytes:
        if folder == unreadable:
            raise PermissionError(13, "Permission denied", str(folder / "ch01.ipynb"))
        return real_pack(folder, **kwargs)

    monkeypatch.setattr("coursekit.autograde.cluster.pack", pack)
    summary = grade_cohort(course_root=course, chapters=["ch01"], cluster="local:1", stream=io.StringIO())
    found = {r.student: (r.status, r.reason) for r in summary.records}
    reason = f"its folder could not be packed to ship it: [Errno 13] Permission denied: '{unreadable}/ch01.ipynb'"
    assert found.pop("student003") == ("failed", reason)
    assert set(found.values()) == {("graded", "")} and len(found) == 4
    reference = {k: v for k, v in scores_and_penalties(graded_cohort, "ch01").items() if k[0] != "student003"}
    assert grades(course, url) == reference


LIMIT = 20  # seconds: `--timeout` below, under nbgrader's 30 s per cell (a ch01 submission grades in 2-12 s here)
SLEEPS = """import os, time
if os.path.exists("slow"):
    time.sleep(600)
"""


def test_a_submission_past_the_time_limit_is_stopped_on_its_worker(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submission whose hidden test sleeps far past `--timeout` is stopped on its worker, reported timed out with
    the local run's reason and left without grades; the others are graded with the grades of one machine?"""
    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    with monkeypatch.context() as patch:
        patch.setenv("COURSEKIT_DB_URL", url)
        prepend_to_test_cells(Course.at(course), SLEEPS, ["ml-workflows-test"])
    (course / "submitted" / "student003" / "ch01" / "slow").write_text("")
    code, out, err = finished(grade(course, url, "--cluster", "local:1", "--chapter", "ch01", "--timeout", str(LIMIT)))
    assert code == 1, err[-3000:]  # a submission not graded: the command says so in its exit code
    assert out.splitlines()[0] == "5 submissions: 4 graded, 1 timed out"
    records = json.loads((course / "autograded" / "coursekit-status.json").read_text()).values()
    found = {r["student"]: (r["status"], r["reason"]) for r in records}
    assert found.pop("student003") == ("timed out", f"timed out: still running after {LIMIT} s (stopped)")
    assert set(found.values()) == {("graded", "")}
    reference = {k: v for k, v in scores_and_penalties(graded_cohort, "ch01").items() if k[0] != "student003"}
    assert grades(course, url) == reference
