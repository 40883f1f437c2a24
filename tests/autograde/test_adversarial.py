"""Hostile submissions graded beside honest ones: the run completes, honest grades are exact, attacks gain
nothing, nothing outside a submission changes, and no hidden test reaches any output or feedback page."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from coursekit.autograde.run import GradeSummary, grade_cohort
from coursekit.instructor.feedback import generate_feedback, leaks_in
from coursekit.instructor.release import release
from coursekit.notebooks.keys import read_keys
from gradebook_reader import scores
from hostile import ATTACKS, FLAGGED, REJECTED
from processes import no_process_in
from repo import copy_sources
from strategies import every_other, key_answers

pytestmark = pytest.mark.nbgrader

OUTSIDE_TARGETS = [Path("/tmp/coursekit-outside"), Path("/tmp/coursekit-pwned")]


def honest_answers(course: Path) -> dict[str, dict[str, Any]]:
    right = key_answers(course / "source" / "ch01" / "ch01.ipynb")
    half = every_other(right)
    mixed = {**half, "ch01.mlops-benefits": "Automation", "ch01.life-cycle-recap": right["ch01.life-cycle-recap"][::-1]}
    return {"honest-a": right, "honest-b": half, "honest-c": mixed}


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GradeSummary, dict[str, str]]:
    for target in OUTSIDE_TARGETS:
        target.unlink(missing_ok=True)
    course = copy_sources(tmp_path_factory.mktemp("adversarial") / "course", ["ch01"])
    release(course_root=course)
    submissions: dict[str, Any] = {**honest_answers(course), **{name: {} for name in ATTACKS}}
    for student, answers in submissions.items():
        folder = course / "submitted" / student / "ch01"
        folder.mkdir(parents=True)
        shutil.copy(course / "release" / "ch01" / "ch01.ipynb", folder)
        (folder / "answers.json").write_text(json.dumps(answers))
        if student in ATTACKS:
            ATTACKS[student](folder)
    before = {name: tree_digest(course / name) for name in ("source", "release")}
    before["honest-a"] = tree_digest(course / "submitted" / "honest-a")
    summary = grade_cohort(course_root=course, workers=2, timeout=120, stream=io.StringIO())
    generate_feedback(course_root=course)
    return course, summary, before


def auto_scores(course: Path, student: str) -> dict[str, float]:
    return {cell: score for (name, _, cell), score in scores(course, "ch01").items() if name == student}


def test_the_run_completes_with_a_status_for_everyone(attacked: tuple[Path, GradeSummary, dict[str, str]]) -> None:
    """Does every submission end graded, or failed with a reason, and are the dubious ones flagged?"""
    course, summary, _ = attacked
    submitted = sorted(folder.parent.name for folder in (course / "submitted").glob("*/ch01"))
    assert sorted(record.student for record in summary.records) == submitted  # one record each, none left out
    status = {record.student: record for record in summary.records}
    for student, words in REJECTED.items():
        assert status[student].status == "failed" and words in status[student].reason, status[student]
    for student, words in FLAGGED.items():
        assert status[student].status == "graded" and words in status[student].reason, status[student]
    for student, record in status.items():
        if student not in REJECTED:
            assert record.status == "graded", record


def expected_honest_grades(course: Path) -> dict[str, dict[str, float]]:
    """Each honest student's points per test cell, worked out from the keys' points alone (see honest_answers)."""
    keys = list(read_keys(course / "source" / "ch01" / "ch01.ipynb").values())
    every_other = {key.grade_id: key.points if index % 2 else 0.0 for index, key in enumerate(keys)}
    return {
        "honest-a": {key.grade_id: key.points for key in keys},  # every key: full points
        "honest-b": every_other,  # the odd exercises' keys, the others unanswered (0)
        # as honest-b, but a wrong single choice (all or nothing: 0) and an order given in reverse (0: Kendall's
        # tau is -1, below chance)
        "honest-c": {**every_other, "mlops-benefits-test": 0.0, "life-cycle-recap-test": 0.0},
    }


def test_honest_students_keep_exactly_their_grades(attacked: tuple[Path, GradeSummary, dict[str, str]]) -> None:
    """Are the honest students' grades exactly what their answers earn, hostile neighbours or not?"""
    course, _, _ = attacked
    expected = expected_honest_grades(course)
    assert set(expected) == set(honest_answers(course))
    assert sum(expected["honest-c"].values()) > 0 and expected["honest-c"] != expected["honest-b"]
    for student, grades in expected.items():
        assert auto_scores(course, student) == pytest.approx(grades), student


def test_attacks_gain_no_points(attacked: tuple[Path, GradeSummary, dict[str, str]]) -> None:
    """Does every graded hostile submission score 0, with no extra grade cell (no 'bonus')?"""
    course, _, _ = attacked
    cells = set(auto_scores(course, "honest-a"))
    for student in set(ATTACKS) - set(REJECTED):
        scores = auto_scores(course, student)
        assert set(scores) == cells, student
        assert sum(scores.values()) == 0, (student, scores)


def test_nothing_outside_a_submission_changes(attacked: tuple[Path, GradeSummary, dict[str, str]]) -> None:
    """Are source/, release/ and other students' files untouched, and nothing written to /tmp?"""
    course, _, before = attacked
    assert tree_digest(course / "source") == before["source"]
    assert tree_digest(course / "release") == before["release"]
    assert tree_digest(course / "submitted" / "honest-a") == before["honest-a"]
    assert not [target for target in OUTSIDE_TARGETS if target.exists()]
    assert no_process_in(course, within=120)


def test_no_hidden_test_in_any_output_or_feedback(attacked: tuple[Path, GradeSummary, dict[str, str]]) -> None:
    """Do graded outputs and feedback pages hold no hidden-test source and nothing read from source/?"""
    course, _, _ = attacked
    for notebook in course.glob("autograded/*/ch01/ch01.ipynb"):
        outputs = json.dumps([cell.get("outputs", []) for cell in json.loads(notebook.read_text())["cells"]])
        for marker in ("BEGIN HIDDEN TESTS", "key=", "grade_buckets(", "/etc/passwd", "root:x:0"):
            assert marker not in outputs, (notebook, marker)
    pages = list(course.glob("feedback/*/ch01/ch01.html"))
    assert len(pages) == len(ATTACKS) + 3 - len(REJECTED)
    assert all(leaks_in(page) == [] for page in pages)
