"""`coursekit grade` stopped from outside while it grades: one grading worker killed, or the whole command
interrupted (Ctrl-C, SIGTERM). Every process it started must end with it, and the gradebook must hold only
whole gradings, so that the next `coursekit grade` finishes the job.

Covered elsewhere: a worker that dies or hangs is replaced (test_pool.py, with fake workers); a run killed with
SIGKILL, everything at once, is finished by the next run (test_run.py, test_killed_run_is_finished_by_a_rerun).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from cohort import copy_course, ungraded_copy
from coursekit.autograde.pool import WorkerPool
from coursekit.autograde.status import GRADED, GradeStatus
from gradebook_reader import scores_and_penalties
from processes import descendants, no_process_in

pytestmark = pytest.mark.nbgrader

COURSEKIT = Path(sys.executable).with_name("coursekit")  # the console script of this environment
WORKER, LAUNCHER = "coursekit.autograde.worker", "coursekit.autograde.sandbox.launcher"
KERNEL = "coursekit.autograde.sandbox.template"  # kernels are forked from their worker's template: its command line
DIED = "the grading process died (see autograded/grading.log)"
CHAPTER = "ch01"  # graded alone (`--chapter`), to keep the runs short
Grades = dict[tuple[str, str, str], tuple[float, float]]  # (student, chapter, grade cell) to (score, late penalty)


def submitted(course: Path) -> set[tuple[str, str]]:
    """(student, chapter) of every submission of the chapter."""
    return {(path.parent.name, CHAPTER) for path in (course / "submitted").glob(f"*/{CHAPTER}")}


SUBMISSIONS = "select a.name, s.student_id from submitted_assignment s join assignment a on a.id = s.assignment_id"


def in_gradebook(course: Path) -> set[tuple[str, str]]:
    """(student, chapter) of every submission the gradebook holds, read with SQLite, read-only, not by nbgrader:
    the run's workers are writing to it."""
    for _ in range(50):
        try:
            with closing(sqlite3.connect(f"file:{course / 'gradebook.db'}?mode=ro", uri=True, timeout=5)) as db:
                rows = db.execute(SUBMISSIONS).fetchall()
            return {(student, chapter) for chapter, student in rows}
        except sqlite3.OperationalError:  # locked for longer than the timeout
            time.sleep(0.1)
    raise AssertionError("the gradebook stayed locked")


def recorded(course: Path) -> dict[tuple[str, str], str]:
    """(student, chapter) to the submission's status, as the run recorded it so far."""
    status = GradeStatus(course / "autograded" / "coursekit-status.json")
    return {(record.student, record.chapter): record.status for record in status.records.values()}


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # ended (a zombie reads empty too)
        return ""


def tree(pid: int) -> dict[int, str]:
    """Every process below `pid`, with its command line."""
    while True:
        try:
            return {child: command_line(child) for child in descendants(pid)}
        except OSError:  # a process ended while we looked
            continue


def running(processes: dict[int, str]) -> dict[int, str]:
    """Those of the processes still running the same command line (a pid may have been reused)."""
    return {pid: line for pid, line in processes.items() if line and command_line(pid) == line}


def naming(*folders: str) -> dict[int, str]:
    """Every process on the machine whose command line names one of the folders."""
    found = {int(proc.name): command_line(int(proc.name)) for proc in Path("/proc").glob("[0-9]*")}
    return {pid: line for pid, line in found.items() if any(f"{folder}{os.sep}" in line for folder in folders)}


def wait_until(condition: Callable[[], object], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting {within:g} s for {what}"
        time.sleep(0.1)


def _ctrl_c_as_in_a_terminal() -> None:
    """Let SIGINT reach the command as Ctrl-C does in a terminal, also where the suite itself runs as a background
    job (a shell's background jobs ignore SIGINT, and what they start inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def grading(course: Path) -> Iterator[subprocess.Popen[str]]:
    """`coursekit grade` running in the sandbox, its output going to grade.out and grade.err beside the course;
    killed with all it started if still running at the end (a failed test)."""
    command = [str(COURSEKIT), "grade", "--course", str(course), "--chapter", CHAPTER, "--workers", "2"]
    with (course.parent / "grade.out").open("w") as out, (course.parent / "grade.err").open("w") as err:
        run = subprocess.Popen(command, stdout=out, stderr=err, text=True, preexec_fn=_ctrl_c_as_in_a_terminal)
    try:
        yield run
    finally:
        if run.poll() is None:
            for pid in [*tree(run.pid), run.pid]:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            run.wait()


def mid_submission(course: Path, run: subprocess.Popen[str]) -> bool:
    """Has the run graded one submission, and is it now grading another (in the gradebook, not yet recorded)?"""
    assert run.poll() is None, "the run ended before it could be stopped midway"
    done = recorded(course)
    return GRADED in done.values() and bool(in_gradebook(course) - set(done))


def grade(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(COURSEKIT), "grade", "--course", str(course), "--chapter", CHAPTER, "--workers", "2", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def reference(graded_cohort: Path) -> Grades:
    """Every grade of the chapter in the session's cohort, graded by `coursekit grade` with nothing wrong."""
    return scores_and_penalties(graded_cohort, CHAPTER)


def test_a_killed_worker_is_replaced_and_its_submission_graded_by_the_next_run(
    graded_cohort: Path, reference: Grades, tmp_path: Path
) -> None:
    """When one grading worker is killed (SIGKILL) mid-submission, does a new worker take its place and grade all
    the rest, the killed one's submission listed once as failed (exit 1), and the next run grade just that one?"""
    course = ungraded_copy(graded_cohort, tmp_path / "course")
    with grading(course) as run:
        wait_until(lambda: mid_submission(course, run), within=300, what="a submission being graded")
        workers = [pid for pid, line in tree(run.pid).items() if WORKER in line]
        assert len(workers) == 2 and len(recorded(course)) <= len(submitted(course)) - 3  # jobs left for a new one
        os.kill(workers[0], signal.SIGKILL)
        new = lambda: {p for p, line in tree(run.pid).items() if WORKER in line} - {*workers}  # noqa: E731
        wait_until(new, within=60, what="a new worker")
        assert run.wait(timeout=600) == 1
    table = (course.parent / "grade.out").read_text().splitlines()
    total = len(submitted(course))
    assert table[0] == f"{total} submissions: 1 failed, {total - 1} graded"
    rows = [line for line in table[1:] if line.startswith(("  GRADED    ", "  FAILED    "))]
    assert sorted(line[12:].split(":")[0] for line in rows) == sorted(f"{c}/{s}" for s, c in submitted(course))
    [failed] = [line for line in rows if line.startswith("  FAILED    ")]
    assert failed.endswith(f": {DIED}")
    chapter, student = failed[12:].split(":")[0].split("/")
    assert scores_and_penalties(course) == {k: v for k, v in reference.items() if k[:2] != (student, chapter)}
    assert naming(str(course)) == {}

    again = grade(course)
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.stdout.splitlines()[0] == f"{total} submissions: 1 graded, {total - 1} unchanged"
    assert f"  GRADED    {chapter}/{student}" in again.stdout.splitlines()
    assert scores_and_penalties(course) == reference


@dataclass(frozen=True)
class Interrupted:
    course: Path
    signal: int
    returncode: int
    stderr: str
    before: dict[int, str]  # every process below `coursekit grade` when it was signalled, with its command line
    at_exit: dict[int, str]  # those of them still running the moment `coursekit grade` had exited
    scratch: str  # the run's folder for kernel files, named by every kernel's command line


@pytest.fixture(scope="module", params=[signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def interrupted(
    request: pytest.FixtureRequest, graded_cohort: Path, tmp_path_factory: pytest.TempPathFactory
) -> Interrupted:
    """The cohort, ungraded, being graded in the sandbox, sent the signal while a submission is being graded."""
    number = signal.Signals(request.param)
    course = ungraded_copy(graded_cohort, tmp_path_factory.mktemp(number.name) / "course")
    with grading(course) as run:
        kinds = (WORKER, LAUNCHER, "bwrap", KERNEL)
        wait_until(lambda: all(any(k in line for line in tree(run.pid).values()) for k in kinds), 300, "kernels")
        before: dict[int, str] = {}

        def ready() -> bool:
            before.update(tree(run.pid))  # whatever ran at any time before the signal
            return mid_submission(course, run)

        wait_until(ready, within=300, what="a submission being graded")
        run.send_signal(number)
        returncode = run.wait(timeout=120)
        at_exit = running(before)
    [worker] = {line for line in before.values() if WORKER in line}  # both workers' command lines are the same
    scratch = worker.split(" --scratch ")[1].split()[0]
    stderr = (course.parent / "grade.err").read_text()
    return Interrupted(course, number, returncode, stderr, before, at_exit, scratch)


def test_an_interrupted_run_ends_every_process_it_started(interrupted: Interrupted) -> None:
    """After Ctrl-C or SIGTERM, does `coursekit grade` exit with 128 + the signal's number and one line saying so
    (no traceback), having stopped its workers, with every sandbox launcher, bwrap and kernel it started gone soon
    after, and its kernel folders removed?"""
    assert interrupted.returncode == 128 + interrupted.signal, interrupted.stderr[-3000:]
    how = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}[signal.Signals(interrupted.signal)]
    assert interrupted.stderr.splitlines()[-1] == f"coursekit grade: stopped ({how}); what was finished is kept."
    assert "Traceback" not in interrupted.stderr
    for kind in (WORKER, LAUNCHER, "bwrap", KERNEL):
        assert any(kind in line for line in interrupted.before.values()), kind
    assert not [line for line in interrupted.at_exit.values() if WORKER in line]  # stopped, not left to finish
    wait_until(lambda: not running(interrupted.before), within=15, what="every process the run started to end")
    assert naming(str(interrupted.course), interrupted.scratch) == {}
    assert no_process_in(interrupted.course, within=15)
    assert not Path(interrupted.scratch).exists()
    assert not list((interrupted.course / "autograded").glob(".coursekit-kernels-*"))


def test_an_interrupted_run_leaves_only_whole_grades(interrupted: Interrupted, reference: Grades) -> None:
    """Is each submission in the gradebook one the run recorded as graded, with every grade it earns, and no
    submission half-graded (entered by nbgrader, its scores never written)?"""
    graded = {key for key, status in recorded(interrupted.course).items() if status == GRADED}
    assert graded and graded != submitted(interrupted.course)  # stopped midway
    assert in_gradebook(interrupted.course) == graded
    assert scores_and_penalties(interrupted.course) == {k: v for k, v in reference.items() if k[:2] in graded}


def test_the_next_run_grades_the_rest(interrupted: Interrupted, reference: Grades, tmp_path: Path) -> None:
    """Does a `coursekit grade` after the interrupted one exit 0, keep what was graded and grade all the rest,
    every grade as in a run never stopped?"""
    course = copy_course(interrupted.course, tmp_path / "course")
    kept = {key for key, status in recorded(course).items() if status == GRADED}
    again = grade(course)
    assert again.returncode == 0, again.stderr[-3000:]
    total = len(submitted(course))
    assert again.stdout.splitlines()[0] == f"{total} submissions: {total - len(kept)} graded, {len(kept)} unchanged"
    assert scores_and_penalties(course) == reference


# A worker that answers and dies before its next request, as one killed between two submissions: it hands its
# answer to a child that writes it once the worker is gone, with nothing left to read the worker's input.
ANSWERS_THEN_DIES = """
import json, os, sys
for line in sys.stdin:
    parent = os.getpid()
    if os.fork() == 0:
        os.close(0)
        while os.getppid() == parent:
            pass
        print(json.dumps({"ok": True, "reason": str(parent)}), flush=True)
        os._exit(0)
    os._exit(9)
"""


def test_a_worker_that_dies_between_two_submissions_is_replaced(tmp_path: Path) -> None:
    """Is a worker that died after its answer, before its next request, replaced, each job answered once?"""
    script = tmp_path / "worker.py"
    script.write_text(ANSWERS_THEN_DIES)
    with (tmp_path / "log").open("w") as log:
        pool = WorkerPool([sys.executable, str(script)], size=1, timeout=30, log=log, cwd=tmp_path)
        with pool:
            results = list(pool.run(["a", "b", "c"], lambda job: {"chapter": "ch01", "student": job}))
    assert sorted(result.job for result in results) == ["a", "b", "c"]
    assert all(result.ok for result in results)
    assert len({result.reason for result in results}) == 3  # three workers, each dead after one job
