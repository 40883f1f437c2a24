"""A PostgreSQL gradebook on a real server: parallel grading writes exactly the grades SQLite holds, while a grader
writes hand-given scores into the same gradebook at the same time; and a submission's lock keeps two graders of
it from interleaving."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from cohort import on_postgres
from coursekit.autograde.run import grade_cohort
from coursekit.autograde.submission_lock import lock_key, submission_lock
from coursekit.course import Course
from gradebook_reader import marks, scores_and_penalties
from postgres import PostgresServer

pytestmark = pytest.mark.nbgrader


def test_parallel_grading_beside_a_grader_keeps_every_grade(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ch01 graded first; then ch05 graded by two workers while a grader overrides every ch01 score by hand, one
    commit at a time, as formgrader saves them: no lock error, ch05's grades equal SQLite's, every hand score kept?"""
    url = postgres.new_database()
    course = on_postgres(graded_cohort, tmp_path / "course", url)
    monkeypatch.setenv("COURSEKIT_DB_URL", url)
    first = grade_cohort(course_root=course, chapters=["ch01"], workers=2, stream=io.StringIO())
    assert [r.status for r in first.records] == ["graded"] * 5
    overridden = sorted((student, cell) for (student, _, cell) in marks(Course.at(course), "ch01"))
    assert len(overridden) > 20
    failures: list[BaseException] = []

    def grader() -> None:
        try:
            for number, (student, cell) in enumerate(overridden):
                with Gradebook(url) as gradebook:
                    grade = gradebook.find_grade(cell, "ch01", "ch01", student)
                    grade.manual_score, grade.needs_manual_grade = float(number % 2 + 1), False
                    gradebook.db.commit()
                time.sleep(0.1)
        except BaseException as error:  # reported by the test below
            failures.append(error)

    hand = threading.Thread(target=grader)
    hand.start()
    second = grade_cohort(course_root=course, chapters=["ch05"], workers=2, stream=io.StringIO())
    hand.join()
    assert failures == []
    assert [r.status for r in second.records] == ["graded"] * 5
    found = scores_and_penalties(Course.at(course))
    reference = scores_and_penalties(graded_cohort)
    assert {k: v for k, v in found.items() if k[1] == "ch05"} == {k: v for k, v in reference.items() if k[1] == "ch05"}
    given = {
        (s, cell): m.manual for (s, _, cell), m in marks(Course.at(course), "ch01").items() if m.manual is not None
    }
    assert given == {key: float(number % 2 + 1) for number, key in enumerate(overridden)}


def test_a_submissions_lock_makes_the_second_grader_wait(postgres: PostgresServer) -> None:
    """While one process holds a submission's lock, does another wait for it (and a different submission not)?"""
    url = postgres.new_database()
    order: list[str] = []
    held = threading.Event()

    def first() -> None:
        with submission_lock(url, "mlops", "ch01", "ada"):
            held.set()
            time.sleep(1.0)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(10)
    with submission_lock(url, "mlops", "ch01", "bob"):
        order.append("other submission")
    with submission_lock(url, "mlops", "ch01", "ada"):
        order.append("second")
    thread.join()
    assert order == ["other submission", "first done", "second"]
    assert lock_key("mlops", "ch01", "ada") == lock_key("mlops", "ch01", "ada") != lock_key("mlops", "ch01", "bob")
    assert postgres.query(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == [(0,)]
