"""The report's difficulty, discrimination and most-missed items on a tiny cohort graded by nbgrader, against
numbers worked out by hand from the answers chosen below (never from coursekit's own functions).

ps1's autograded exercises and points: sort 2, pick 1, many 3, order 3, term 1 (10 in all). Credit for buckets,
multiple choice and ordering is max(0, (agreement - 1/3) / (2/3)) (docs/authoring.md); pick and term are all or
nothing. The share of each exercise's points every student earns:

            sort   pick   many   order  term   total (points)
    ana     1      1      1      1      1      10
    ben     0.25   1      0.5    0      0      0.25*2 + 1 + 0.5*3 = 3
    cat     0      0      0      1      1      3 + 1 = 4
    dan     0      0      0      0      0      0

- ben's sort: 3 of 4 items right (Leek in Fruit); his buckets hold Fruit 3, Vegetable 1 of the key's items, so
  chance = (2*3 + 2*1) / 4**2 = 0.5 and kappa = (0.75 - 0.5) / (1 - 0.5) = 0.5: credit (0.5 - 1/3) / (2/3) = 0.25.
- ben's many: Salt and Sugar of the right Salt, Sugar, Flour, no wrong tick: J = 2/3 - 0 = 2/3, credit 0.5;
  cat's many: Salt, Sugar and the wrong Stone: J = 2/3 - 1/1 = -1/3, credit 0.
- ben's order Weigh, Bake, Slice, Knead against Weigh, Knead, Bake, Slice: 4 of 6 pairs in order, 2 reversed
  (Bake-Knead, Slice-Knead): tau = (4 - 2) / 6 = 1/3, credit 0.
"""

from __future__ import annotations

import io
import math
import random
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from nbgrader.api import Gradebook

from coursekit.autograde.run import grade_cohort
from coursekit.course import Course, Submission
from coursekit.instructor.release import release
from coursekit.instructor.report import write_report
from coursekit.instructor.report.data import CohortData, ExerciseStats, chapter_totals, discrimination
from coursekit.instructor.simulate import write_submission
from tiny_course import TINY_RIGHT, write_tiny_course

pytestmark = pytest.mark.nbgrader

ANSWERS: dict[str, dict[str, Any]] = {
    "ana": TINY_RIGHT,
    "ben": {
        "ps1.sort": {"Fruit": ["Apple", "Pear", "Leek"], "Vegetable": ["Carrot"]},
        "ps1.pick": "Roast",
        "ps1.many": ["Salt", "Sugar"],
        "ps1.order": ["Weigh", "Bake", "Slice", "Knead"],
        "ps1.term": "bread",
    },
    "cat": {  # sort left unanswered
        "ps1.pick": "Boil",
        "ps1.many": ["Salt", "Sugar", "Stone"],
        "ps1.order": ["Weigh", "Knead", "Bake", "Slice"],
        "ps1.term": "levain",
    },
    "dan": {},
}

# difficulty: the mean share earned, over the 4 students
DIFFICULTY = {
    "ps1.sort": 0.3125,  # (1 + 0.25 + 0 + 0) / 4
    "ps1.pick": 0.5,  # (1 + 1 + 0 + 0) / 4
    "ps1.many": 0.375,  # (1 + 0.5 + 0 + 0) / 4
    "ps1.order": 0.5,  # (1 + 0 + 1 + 0) / 4
    "ps1.term": 0.5,  # (1 + 0 + 1 + 0) / 4
}
# discrimination: Pearson's r between the shares x and the rest of the chapter y (total - share * points), with
# dx, dy the deviations from the means: r = sum(dx*dy) / sqrt(sum(dx**2) * sum(dy**2))
DISCRIMINATION = {
    # x = 1, .25, 0, 0 (mean .3125); y = 10-2, 3-.5, 4, 0 = 8, 2.5, 4, 0 (mean 3.625)
    # dx = .6875, -.0625, -.3125, -.3125; dy = 4.375, -1.125, .375, -3.625
    # sum dx*dy = 3.0078125 + .0703125 - .1171875 + 1.1328125 = 4.09375
    # sum dx**2 = .47265625 + .00390625 + .09765625 + .09765625 = .671875
    # sum dy**2 = 19.140625 + 1.265625 + .140625 + 13.140625 = 33.6875
    # r = 4.09375 / sqrt(.671875 * 33.6875) = 4.09375 / 4.757498 = 0.86048
    "ps1.sort": 0.86048,
    # x = 1, 1, 0, 0 (mean .5); y = 9, 2, 4, 0 (mean 3.75); dx = ±.5; dy = 5.25, -1.75, .25, -3.75
    # sum dx*dy = .5 * (5.25 - 1.75 - .25 + 3.75) = 3.5; sum dx**2 = 1
    # sum dy**2 = 27.5625 + 3.0625 + .0625 + 14.0625 = 44.75; r = 3.5 / sqrt(44.75) = 3.5 / 6.689544 = 0.52320
    "ps1.pick": 0.52320,
    # x = 1, .5, 0, 0 (mean .375); y = 7, 1.5, 4, 0 (mean 3.125)
    # dx = .625, .125, -.375, -.375; dy = 3.875, -1.625, .875, -3.125
    # sum dx*dy = 2.421875 - .203125 - .328125 + 1.171875 = 3.0625
    # sum dx**2 = .390625 + .015625 + .140625 + .140625 = .6875
    # sum dy**2 = 15.015625 + 2.640625 + .765625 + 9.765625 = 28.1875
    # r = 3.0625 / sqrt(.6875 * 28.1875) = 3.0625 / 4.402148 = 0.69568
    "ps1.many": 0.69568,
    # x = 1, 0, 1, 0 (mean .5); y = 7, 3, 1, 0 (mean 2.75); dx = .5, -.5, .5, -.5; dy = 4.25, .25, -1.75, -2.75
    # sum dx*dy = .5 * (4.25 - .25 - 1.75 + 2.75) = 2.5; sum dx**2 = 1
    # sum dy**2 = 18.0625 + .0625 + 3.0625 + 7.5625 = 28.75; r = 2.5 / sqrt(28.75) = 2.5 / 5.361903 = 0.46625
    "ps1.order": 0.46625,
    # x = 1, 0, 1, 0 (mean .5); y = 9, 3, 3, 0 (mean 3.75); dy = 5.25, -.75, -.75, -3.75
    # sum dx*dy = .5 * (5.25 + .75 - .75 + 3.75) = 4.5; sum dx**2 = 1
    # sum dy**2 = 27.5625 + .5625 + .5625 + 14.0625 = 42.75; r = 4.5 / sqrt(42.75) = 4.5 / 6.538348 = 0.68825
    "ps1.term": 0.68825,
}
# what each student missed: a wrong item, option or step by name; a wrong pick or term as "(the whole exercise)";
# nothing given as "(not answered)"
MISSES = {
    "ps1.sort": {"Leek": 1, "(not answered)": 2},  # ben's Leek; cat and dan
    "ps1.pick": {"(the whole exercise)": 1, "(not answered)": 1},  # cat's Boil; dan
    # ben left out Flour; cat left out Flour and ticked Stone; dan
    "ps1.many": {"Flour": 2, "Stone": 1, "(not answered)": 1},
    "ps1.order": {"Knead": 1, "(not answered)": 1},  # ben's Knead, the one step out of his longest run in order; dan
    "ps1.term": {"(the whole exercise)": 1, "(not answered)": 1},  # ben's bread; dan
}
# the report's exercise table: difficulty and discrimination to 2 places, the two most missed with counts (a tie
# in the order the students come, by name: cat's miss before dan's)
TABLE = {
    "ps1.sort": ["ps1.sort", "Sort it", "buckets", "2", "0.31", "0.86", "(not answered) (2), Leek (1)"],
    "ps1.pick": [
        "ps1.pick",
        "Pick one",
        "single choice",
        "1",
        "0.50",
        "0.52",
        "(the whole exercise) (1), (not answered) (1)",
    ],
    "ps1.many": ["ps1.many", "Pick many", "multiple choice", "3", "0.38", "0.70", "Flour (2), Stone (1)"],
    "ps1.order": ["ps1.order", "Order it", "ordering", "3", "0.50", "0.47", "Knead (1), (not answered) (1)"],
    "ps1.term": [
        "ps1.term",
        "Name it",
        "fill in",
        "1",
        "0.50",
        "0.69",
        "(the whole exercise) (1), (not answered) (1)",
    ],
}


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CohortData]:
    """ps1 released, handed in by ana, ben, cat and dan with the answers above, graded, reported on."""
    root = write_tiny_course(tmp_path_factory.mktemp("report-numbers") / "course")
    release(course_root=root)
    course = Course.at(root)
    when = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    for student, answers in ANSWERS.items():
        write_submission(course, Submission("ps1", student), answers, when, random.Random(0))
    summary = grade_cohort(course_root=root, sandbox=False, workers=2, stream=io.StringIO())
    assert [(r.student, r.status, r.reason) for r in summary.records] == [
        (student, "graded", "") for student in ANSWERS
    ]
    files = write_report(course_root=root)
    return root, files.data


def stats(data: CohortData) -> dict[str, ExerciseStats]:
    return {s.exercise_id: s for s in data.exercises}


def test_nbgrader_gave_the_totals_worked_out_by_hand(reported: tuple[Path, CohortData]) -> None:
    """Did nbgrader's grading give each student the autograded total of the table above (10, 3, 4, 0)? (The
    report's numbers come from the same answers; this ties them to the gradebook.)"""
    root, data = reported
    with Gradebook(Course.at(root).db_url) as gradebook:
        totals = {
            s.student.id: sum(float(g.score) for nb in s.notebooks for g in nb.grades if g.name != "essay")
            for s in gradebook.find_assignment("ps1").submissions
        }
    assert totals == {"ana": 10.0, "ben": 3.0, "cat": 4.0, "dan": 0.0}
    assert chapter_totals(data.exercises, "ps1") == {"ana": 10.0, "ben": 3.0, "cat": 4.0, "dan": 0.0}


def test_difficulty_is_the_mean_share_earned(reported: tuple[Path, CohortData]) -> None:
    """Is each exercise's difficulty the mean share of its points, as worked out by hand?"""
    _, data = reported
    assert {exercise_id: s.difficulty for exercise_id, s in stats(data).items()} == DIFFICULTY


def test_discrimination_is_the_item_rest_correlation(reported: tuple[Path, CohortData]) -> None:
    """Is each exercise's discrimination Pearson's r between its shares and the rest of the chapter, by hand?"""
    _, data = reported
    totals = chapter_totals(data.exercises, "ps1")
    found = {exercise_id: discrimination(s, totals) for exercise_id, s in stats(data).items()}
    assert found == pytest.approx(DISCRIMINATION, abs=5e-5)
    assert not any(math.isnan(value) for value in found.values())


def test_most_missed_counts_each_students_misses(reported: tuple[Path, CohortData]) -> None:
    """Does each exercise count, per item, the students who missed it, a wrong pick or term as the whole exercise
    and nothing given as not answered?"""
    _, data = reported
    assert {exercise_id: dict(s.misses) for exercise_id, s in stats(data).items()} == MISSES


def test_the_page_shows_these_numbers(reported: tuple[Path, CohortData]) -> None:
    """Does report.html's exercise table show each exercise's difficulty, discrimination and two most missed
    items, rounded as worked out above?"""
    root, _ = reported
    soup = BeautifulSoup((root / "reports" / "report.html").read_text(), "html.parser")
    table = soup.find("h2", string="Exercises")
    table = table.find_next("table") if isinstance(table, Tag) else None
    assert isinstance(table, Tag)
    assert [th.get_text() for th in table.find_all("th")] == [
        "exercise",
        "title",
        "kind",
        "points",
        "difficulty",
        "discrimination",
        "most missed",
    ]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert rows == list(TABLE.values())
