"""`coursekit simulate`: a seeded, realistic cohort in nbgrader's submitted/ layout, that leaves the course alone."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from nbgrader.utils import notebook_hash, parse_utc

from cohort import CHAPTERS
from coursekit.cli import main
from coursekit.course import Course, Submission
from coursekit.instructor.simulate import CohortSettings, SimulateError, simulate, simulated_answer, write_submission
from coursekit.instructor.simulated_students import MANIFEST
from coursekit.notebooks.keys import read_keys, reference_answer
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.rules import score_buckets
from gradebook_reader import due_dates, open_gradebook

pytestmark = pytest.mark.nbgrader

SMALL = CohortSettings(students=3, seed=7, late_share=0.3)
DUE_CH05 = datetime(2030, 1, 15, 17, 0, tzinfo=timezone.utc)


def released_copy(graded_cohort: Path, folder: Path) -> Path:
    """The session's course (config, source, release, gradebook) without any submission, grade or feedback."""
    shutil.copytree(graded_cohort, folder, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cohort_layout_and_reproducibility(graded_cohort_copy: Path, tmp_path: Path) -> None:
    """Does every submission have what `nbgrader collect` leaves (notebook, answers, timestamp, secret), and only
    that, is the cohort listed as simulated outside submitted/, and does one seed give one cohort?"""
    course = graded_cohort_copy
    folders = sorted(course.glob("submitted/*/*"))
    assert folders and all(f.name in CHAPTERS for f in folders)
    for folder in folders:
        names = {p.name for p in folder.iterdir()}
        assert names == {f"{folder.name}.ipynb", "answers.json", "timestamp.txt", "submission_secret.txt"}
        assert len((folder / "submission_secret.txt").read_text()) == 128  # secrets.token_hex(64), as nbgrader
    assert Course(course).submissions() == sorted(Submission(f.name, f.parent.name) for f in folders)
    listed = json.loads((course / MANIFEST).read_text())["students"]
    assert {(student, chapter) for student in listed for chapter in listed[student]} == {
        (f.parent.name, f.name) for f in folders
    }
    with pytest.raises(SimulateError, match="already holds submissions .*; pass --replace to overwrite them"):
        simulate(course_root=course, settings=SMALL)
    first = {f: (f / "answers.json").read_text() for f in folders}
    simulate(course_root=course, settings=CohortSettings(students=5, seed=7, late_share=0.3), replace=True)
    assert {f: (f / "answers.json").read_text() for f in folders} == first


def test_replace_leaves_nothing_of_the_earlier_cohort(graded_cohort: Path, tmp_path: Path) -> None:
    """After a bigger cohort, does --replace with a smaller one leave exactly the smaller one in submitted/?"""
    course = released_copy(graded_cohort, tmp_path / "course")
    simulate(course_root=course, settings=CohortSettings(students=4, seed=1, missing_share=0))
    cohort = simulate(course_root=course, settings=CohortSettings(students=2, seed=1, missing_share=0), replace=True)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["student001", "student002"]
    assert Course(course).submissions() == sorted(cohort.submissions)


def test_plain_simulate_leaves_due_dates_alone(
    graded_cohort: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --set-due-dates, does a chapter with no due date keep none, one with a date keep it (the gradebook
    not even rewritten), and are that chapter's submissions timed around its due date?"""
    course = released_copy(graded_cohort, tmp_path / "course")
    with open_gradebook(course) as gradebook:
        gradebook.update_or_create_assignment("ch01", duedate=None)
        gradebook.update_or_create_assignment("ch05", duedate=DUE_CH05.replace(tzinfo=None))
    before = hashlib.sha256((course / "gradebook.db").read_bytes()).hexdigest()
    assert main(["simulate", "--course", str(course), "--students", "3", "--seed", "7"]) == 0
    assert hashlib.sha256((course / "gradebook.db").read_bytes()).hexdigest() == before
    assert due_dates(course) == {"ch01": None, "ch05": DUE_CH05.replace(tzinfo=None)}
    times = [parse_utc((p / "timestamp.txt").read_text()) for p in course.glob("submitted/*/ch05")]  # naive UTC
    due = DUE_CH05.replace(tzinfo=None)
    assert times and all(-timedelta(hours=72) <= when - due <= timedelta(hours=96) for when in times)
    out = capsys.readouterr().out
    assert f"submissions from 3 students to {course / 'submitted'}" in out
    assert "due dates: left alone" in out and "no due date for ch01: none of its submissions is late" in out


def test_set_due_dates_gives_missing_ones_only(
    graded_cohort: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --set-due-dates, does a chapter without a due date get one (yesterday's, for the last chapter) while a
    chapter's own date stays?"""
    course = released_copy(graded_cohort, tmp_path / "course")
    with open_gradebook(course) as gradebook:
        gradebook.update_or_create_assignment("ch01", duedate=DUE_CH05.replace(tzinfo=None))
        gradebook.update_or_create_assignment("ch05", duedate=None)
    assert main(["simulate", "--course", str(course), "--students", "3", "--set-due-dates"]) == 0
    yesterday = datetime.now(timezone.utc).replace(hour=17, minute=0, second=0, microsecond=0) - timedelta(days=1)
    assert due_dates(course) == {"ch01": DUE_CH05.replace(tzinfo=None), "ch05": yesterday.replace(tzinfo=None)}
    assert "due dates: set in the gradebook for ch05 (a week apart, the last yesterday); ch01 kept its own" in (
        capsys.readouterr().out
    )


def test_a_course_without_a_gradebook_gets_none(graded_cohort: Path, tmp_path: Path) -> None:
    """Does simulating into a course that has no gradebook yet leave it without one, every chapter undated?"""
    course = released_copy(graded_cohort, tmp_path / "course")
    (course / "gradebook.db").unlink()
    cohort = simulate(course_root=course, settings=SMALL)
    assert not (course / "gradebook.db").exists()
    assert cohort.due == {"ch01": None, "ch05": None} and cohort.submissions


def test_refuses_a_course_with_a_real_student(
    graded_cohort: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a course holding a real student's submission refused, even with --replace, naming the student and a way
    out, with her submission untouched and no synthetic student written?"""
    course = released_copy(graded_cohort, tmp_path / "course")
    when = datetime(2030, 1, 1, tzinfo=timezone.utc)
    write_submission(Course(course), Submission("ch01", "alice"), {}, when, random.Random(0))
    alice = tree(course / "submitted" / "alice")
    assert main(["simulate", "--course", str(course), "--students", "3", "--replace"]) == 2
    error = capsys.readouterr().err
    assert "submitted/alice" in error and "mix synthetic students into a real class" in error
    assert "coursekit demo --into" in error
    assert tree(course / "submitted" / "alice") == alice
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["alice"]


def test_refuses_a_real_submission_collected_into_a_simulated_folder(graded_cohort: Path, tmp_path: Path) -> None:
    """When nbgrader collects a real submission into a simulated student's folder, is it kept, and simulate refused?"""
    course = released_copy(graded_cohort, tmp_path / "course")
    simulate(course_root=course, settings=SMALL)
    collected = course / "submitted" / "student001" / "ch01"
    (collected / "timestamp.txt").write_text("2030-02-01 09:00:00.000000 UTC")  # as a new collect leaves it
    kept = tree(collected)
    with pytest.raises(SimulateError, match="did not write: submitted/student001/ch01,"):
        simulate(course_root=course, settings=SMALL, replace=True)
    assert tree(collected) == kept


def test_simulated_students_get_feedback_through_the_exchange(graded_cohort_copy: Path, tmp_path: Path) -> None:
    """After simulate, release and autograde, do `nbgrader generate_feedback` and `nbgrader release_feedback` work
    for every simulated student, each page under the name their submission secret gives it?"""
    course = graded_cohort_copy
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader wants the exchange writable by everyone
    env = {**os.environ, "COURSEKIT_EXCHANGE_ROOT": str(exchange)}
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    for step in ("generate_feedback", "release_feedback"):
        run = subprocess.run([nbgrader, step, "ch01"], cwd=course, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    secrets = sorted(course.glob("submitted/*/ch01/submission_secret.txt"))
    assert secrets
    expected = {f"{notebook_hash(secret=s.read_text(), notebook_id='ch01')}.html" for s in secrets}
    assert {p.name for p in (exchange / "mlops" / "feedback").iterdir()} == expected


def test_answers_follow_the_ability() -> None:
    """Do likelier students get more right, and is every simulated answer in the widget's shape?"""
    from repo import REPO

    source = REPO / "source" / "ch01" / "ch01.ipynb"
    shown = {e["id"]: e for e in list_exercises(REPO / "release" / "ch01" / "ch01.ipynb")}
    keys = read_keys(source)
    key = keys["ch01.ml-workflows"]
    home = {item: bucket for bucket, items in key.key.items() for item in items}
    rng = random.Random(1)
    credit = {}
    for chance in (0.9, 0.3):
        answers = [simulated_answer(key, shown[key.exercise_id], chance, rng) for _ in range(200)]
        right = sum(item in answer.get(bucket, []) for answer in answers for item, bucket in home.items())
        # each item lands in its bucket with probability `chance`: 200 x 6 draws, so within 0.04 (> 3 sigma)
        assert right / (200 * len(home)) == pytest.approx(chance, abs=0.04), chance
        credit[chance] = sum(score_buckets(answer, key.key).fraction for answer in answers) / 200
    assert credit[0.9] > credit[0.3]
    # credit counts only knowledge beyond chance: 9 in 10 items known is most of it, 3 in 10 below chance
    assert credit[0.9] > 0.6
    assert credit[0.3] < 0.1
    for exercise_id, exercise_key in keys.items():
        answer = simulated_answer(exercise_key, shown[exercise_id], 1.0, rng)
        expected = reference_answer(exercise_key)
        if exercise_key.kind == "fill_in":
            assert answer.casefold() in {term.casefold() for term in exercise_key.key}
        else:
            assert json.dumps(answer, sort_keys=True) == json.dumps(expected, sort_keys=True)
