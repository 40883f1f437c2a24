"""`coursekit grade`: parallel grades equal nbgrader's serial ones; re-runs, kills, failures and time-outs."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from cohort import CHAPTERS, prepend_to_test_cells, ungraded_copy
from coursekit.autograde.failure import CELL_TIMEOUT
from coursekit.autograde.run import grade_cohort
from coursekit.autograde.status import GRADED, UNCHANGED, GradeStatus
from coursekit.nbgrader_run import nbgrader_env, run_nbgrader
from gradebook_reader import scores, scores_and_penalties
from processes import descendants, no_process_in

pytestmark = pytest.mark.nbgrader

Scores = dict[tuple[str, str, str], tuple[float, float]]


@pytest.fixture
def cohort(graded_cohort: Path, tmp_path: Path) -> Path:
    """The session's cohort as it was before grading (released, submitted), a private copy."""
    return ungraded_copy(graded_cohort, tmp_path / "ungraded")


@pytest.fixture(scope="module")
def serial(graded_cohort: Path, tmp_path_factory: pytest.TempPathFactory) -> Scores:
    """The grades of plain `nbgrader autograde`, one chapter after the other, on the session's cohort ungraded."""
    course = ungraded_copy(graded_cohort, tmp_path_factory.mktemp("serial") / "course")
    for chapter in CHAPTERS:
        result = run_nbgrader(course, "autograde", chapter, timeout=900)
        assert result.returncode == 0, result.stderr
    return scores_and_penalties(course)


def test_parallel_grades_equal_serial_nbgrader(graded_cohort: Path, serial: Scores) -> None:
    """Did two workers (the session's cohort, graded by `coursekit grade --workers 2`) give exactly the grades and
    late penalties of a serial nbgrader run?"""
    records = GradeStatus(graded_cohort / "autograded" / "coursekit-status.json").records
    assert {record.status for record in records.values()} == {GRADED}
    assert len(records) == len({(s, c) for s, c, _ in serial})
    assert scores_and_penalties(graded_cohort) == serial
    assert any(penalty > 0 for _, penalty in serial.values())  # the cohort has late work, penalised


def test_rerun_grades_only_what_changed(graded_cohort_copy: Path) -> None:
    """Does a second run skip unchanged submissions and re-grade one whose answers changed?"""
    course = graded_cohort_copy
    again = grade_cohort(course_root=course, workers=2, stream=io.StringIO())
    assert {record.status for record in again.records} == {UNCHANGED}
    changed = course / "submitted" / "student001" / "ch01" / "answers.json"
    changed.write_text(json.dumps({}))
    third = grade_cohort(course_root=course, workers=2, stream=io.StringIO())
    assert [(r.chapter, r.student) for r in third.records if r.status == GRADED] == [("ch01", "student001")]
    rescored = [score for (s, c, _), score in scores(course).items() if (s, c) == ("student001", "ch01")]
    assert rescored and sum(rescored) == 0


def test_killed_run_is_finished_by_a_rerun(cohort: Path, serial: Scores) -> None:
    """If a grading run is killed halfway, does the next run finish with every grade right and none lost?"""
    course = cohort
    command = [sys.executable, "-m", "coursekit.cli", "grade", "--course", str(course), "--workers", "2"]
    run = subprocess.Popen(command, env=nbgrader_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    status = course / "autograded" / "coursekit-status.json"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(GradeStatus(status).records) < 3:
        time.sleep(0.2)
    assert run.poll() is None, "the run ended before it could be killed"
    for pid in [*descendants(run.pid), run.pid]:  # everything at once, as a power cut would
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    run.wait()
    halfway = len(GradeStatus(status).records)
    assert 3 <= halfway < len({(s, c) for s, c, _ in serial})
    summary = grade_cohort(course_root=course, workers=2, stream=io.StringIO())
    assert not summary.problems
    assert scores_and_penalties(course) == serial


def test_failed_submission_keeps_no_stale_grades(graded_cohort_copy: Path) -> None:
    """When a graded submission is replaced by a corrupted one, are its old grades removed and the reason given?"""
    course = graded_cohort_copy
    assert [key for key in scores(course) if key[:2] == ("student002", "ch05")]
    (course / "submitted" / "student002" / "ch05" / "ch05.ipynb").write_text('{"cells": [')
    summary = grade_cohort(course_root=course, workers=2, stream=io.StringIO())
    [failed] = summary.problems
    assert (failed.chapter, failed.student, failed.status) == ("ch05", "student002", "failed")
    assert "corrupted" in failed.reason
    assert "ch05/student002" in summary.table()
    assert not [key for key in scores(course) if key[:2] == ("student002", "ch05")]
    assert not (course / "autograded" / "student002" / "ch05").exists()


HANGS = """import os, signal
if os.path.exists("hang"):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
"""
SLOW_CELL = 6  # seconds each ch01 test cell sleeps in a submission holding a `slow` file: far below the per-cell
# limit (nbgrader's 30 s), while its 8 test cells together (48 s) run past the wall-clock limit below
WALL_CLOCK = 30  # the per-submission limit of `coursekit grade --timeout` (a ch01 submission takes 2-12 s here)
SLEEPS = f"""import os, time
if os.path.exists("slow"):
    time.sleep({SLOW_CELL})
"""


def ch01_test_cells(course: Path) -> list[str]:
    release = nbformat.read(course / "release" / "ch01" / "ch01.ipynb", as_version=4)
    ids = [str(c.metadata.get("nbgrader", {}).get("grade_id", "")) for c in release.cells]
    return [grade_id for grade_id in ids if grade_id.endswith("-test")]


def test_a_hidden_test_ignoring_sigint_is_stopped_at_the_cell_limit(cohort: Path) -> None:
    """Is a hidden test looping while ignoring SIGINT stopped by the per-cell limit (nbgrader's 30 s; the
    wall-clock limit is set well past it), failed with that reason, the others graded?"""
    course = cohort
    prepend_to_test_cells(course, HANGS, ["ml-workflows-test"])
    (course / "submitted" / "student003" / "ch01" / "hang").write_text("")
    summary = grade_cohort(course_root=course, chapters=["ch01"], workers=2, timeout=120, stream=io.StringIO())
    problems = [(r.student, r.status, r.reason) for r in summary.problems]
    assert problems == [("student003", "timed out", CELL_TIMEOUT)]
    assert len([r for r in summary.records if r.status == GRADED]) == len(summary.records) - 1
    assert no_process_in(course, within=120)


def test_slow_grading_is_stopped_at_the_wall_clock_limit(cohort: Path) -> None:
    """Is a submission whose cells each finish in seconds, but together run past `--timeout`, stopped by that
    wall-clock limit (no per-cell limit can fire), its grades removed, the others graded?"""
    course = cohort
    cells = ch01_test_cells(course)
    assert SLOW_CELL * len(cells) > WALL_CLOCK + 10
    prepend_to_test_cells(course, SLEEPS, cells)
    (course / "submitted" / "student003" / "ch01" / "slow").write_text("")
    summary = grade_cohort(course_root=course, chapters=["ch01"], workers=2, timeout=WALL_CLOCK, stream=io.StringIO())
    problems = [(r.student, r.status, r.reason) for r in summary.problems]
    assert problems == [("student003", "timed out", f"timed out: still running after {WALL_CLOCK} s (stopped)")]
    [stuck] = summary.problems
    assert WALL_CLOCK <= stuck.seconds < SLOW_CELL * len(cells)
    assert len([r for r in summary.records if r.status == GRADED]) == len(summary.records) - 1
    assert not [key for key in scores(course) if key[:2] == ("student003", "ch01")]
    assert no_process_in(course, within=120)


def test_a_key_fix_regrades_that_chapter_only(graded_cohort_copy: Path) -> None:
    """After a key is fixed in source/ and released again, is exactly that chapter regraded, by the new key?"""
    from coursekit.instructor.release import release
    from coursekit.notebooks.keys import read_keys

    course = graded_cohort_copy
    source = course / "source" / "ch01" / "ch01.ipynb"
    old = read_keys(source)["ch01.mlops-benefits"]
    notebook = nbformat.read(source, as_version=4)
    test = next(cell for cell in notebook.cells if f'"{old.exercise_id}"' in cell.source and "key=" in cell.source)
    test.source = test.source.replace(f'key="{old.key}"', 'key="Reproducibility"')
    nbformat.write(notebook, source)
    release(course_root=course, chapters=["ch01"])
    summary = grade_cohort(course_root=course, workers=2, stream=io.StringIO())
    statuses = {(r.chapter, r.status) for r in summary.records}
    assert statuses == {("ch01", GRADED), ("ch05", UNCHANGED)}
    answers = {
        student.name: json.loads((student / "ch01" / "answers.json").read_text()).get(old.exercise_id)
        for student in (course / "submitted").iterdir()
        if (student / "ch01").is_dir()
    }
    regraded = {s: score for (s, _, cell), score in scores(course, "ch01").items() if cell == old.grade_id}
    assert regraded == {student: 1.0 if answer == "Reproducibility" else 0.0 for student, answer in answers.items()}
    assert any(answer == old.key for answer in answers.values())  # someone had the old key and lost its point


def test_a_long_temporary_folder_path_still_grades(
    graded_cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With TMPDIR so long that kernels' socket paths below it would pass the 107 bytes a Unix socket allows, does
    the run still grade (its scratch folder in /tmp), with the cohort's grades?"""
    long = tmp_path / ("t" * 80)
    long.mkdir()
    monkeypatch.setenv("TMPDIR", str(long))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    course = ungraded_copy(graded_cohort, tmp_path / "course")
    summary = grade_cohort(course_root=course, chapters=["ch01"], workers=1, timeout=60, stream=io.StringIO())
    assert [record.status for record in summary.records] == [GRADED] * 5
    assert scores_and_penalties(course) == scores_and_penalties(graded_cohort, "ch01")
