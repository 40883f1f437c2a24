"""Late penalties as real grading gives them: `coursekit grade` runs nbgrader's autograde with the project's
nbgrader_config.py, whose PerDayLatePenalty takes 10% of the score per started day late, at most 50%. Each
penalty below is worked out by hand from the submission's timestamp and autograded score."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from coursekit.autograde.run import grade_cohort
from coursekit.course import Course, Submission
from coursekit.instructor.release import release
from coursekit.instructor.report import write_report
from coursekit.instructor.simulate import write_submission
from tiny_course import TINY_RIGHT, write_tiny_course

pytestmark = pytest.mark.nbgrader

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
# pick 1 + many 3 + term 1: 5 of ps1's 10 autograded points
FIVE_POINTS = {exercise_id: TINY_RIGHT[exercise_id] for exercise_id in ("ps1.pick", "ps1.many", "ps1.term")}

# student: (answers, handed in, autograded score, penalty worked out by hand)
CASES = {
    "ontime": (TINY_RIGHT, DUE - timedelta(hours=1), 10.0, 0.0),  # before the due date: nothing off
    "minute": (TINY_RIGHT, DUE + timedelta(minutes=1), 10.0, 1.0),  # 1 started day: 10% of 10 = 1
    "oneday": (TINY_RIGHT, DUE + DAY, 10.0, 1.0),  # exactly 24 h: still 1 started day, 10% of 10 = 1
    "twodays": (FIVE_POINTS, DUE + DAY + timedelta(hours=23), 5.0, 1.0),  # 2 started days: 20% of 5 = 1
    "justover": (TINY_RIGHT, DUE + 2 * DAY + timedelta(seconds=1), 10.0, 3.0),  # 3 started days: 30% of 10 = 3
    "capped": (TINY_RIGHT, DUE + 9 * DAY, 10.0, 5.0),  # 9 days: 90%, capped at 50% of 10 = 5
    "blank": ({}, DUE + 3 * DAY, 0.0, 0.0),  # 3 days, but 30% of 0 is 0
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ps1 released and due at DUE, each case handed in at its time with its answers, graded by `coursekit grade`."""
    root = write_tiny_course(tmp_path_factory.mktemp("late-nbgrader") / "course")
    release(course_root=root)
    course = Course.at(root)
    with Gradebook(course.db_url) as gradebook:
        gradebook.update_or_create_assignment("ps1", duedate=DUE.replace(tzinfo=None))  # stored as naive UTC
    for student, (answers, when, _, _) in CASES.items():
        write_submission(course, Submission("ps1", student), answers, when, random.Random(0))
    summary = grade_cohort(course_root=root, sandbox=False, workers=2, stream=io.StringIO())
    assert {record.status for record in summary.records} == {"graded"}, summary.table()
    return root


def test_nbgrader_takes_off_the_per_day_penalty(graded: Path) -> None:
    """Does each submission get the autograded score, the seconds late and the penalty worked out by hand:
    10% of the score per started day late, at most 50%, nothing when on time or when the score is 0?"""
    found = {}
    with Gradebook(Course.at(graded).db_url) as gradebook:
        for submission in gradebook.find_assignment("ps1").submissions:
            found[submission.student.id] = (
                float(submission.score),
                float(submission.total_seconds_late or 0),
                float(submission.late_submission_penalty or 0),
            )
    expected = {
        student: (score, max(0.0, (when - DUE).total_seconds()), penalty)
        for student, (_, when, score, penalty) in CASES.items()
    }
    assert found == expected


def test_the_grades_csv_holds_the_score_after_the_penalty(graded: Path) -> None:
    """Is each student's ps1 cell in grades.csv the score minus the penalty (the essay is not graded yet: 0)?"""
    files = write_report(course_root=graded)
    rows = {row["student"]: row["ps1"] for row in csv.DictReader(files.csv.open())}
    assert rows == {
        "ontime": "10",  # 10 - 0
        "minute": "9",  # 10 - 1
        "oneday": "9",  # 10 - 1
        "twodays": "4",  # 5 - 1
        "justover": "7",  # 10 - 3
        "capped": "5",  # 10 - 5
        "blank": "0",  # 0 - 0
    }
