"""Whole submission folders fuzzed and graded in one real `coursekit grade` run beside an honest cohort: the run
completes, each fuzzed submission is graded with what its answers.json earns or failed with a one-line reason,
and a control student, and the cohort graded before, keep exactly their grades."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import strategies as st

from coursekit.autograde.status import FAILED, GRADED, GradeRecord, GradeStatus, fingerprint
from coursekit.autograde.submission_check import inspect_submission
from coursekit.course import Course, Submission
from coursekit.nbgrader_run import nbgrader_env
from coursekit.notebooks.keys import Key, read_keys, reference_answer
from coursekit.scoring.kinds import KINDS
from gradebook_reader import scores, scores_and_penalties
from repo import COURSE
from strategies import fuzz_settings, readable_answers
from submission_mutations import (
    Edit,
    answers_edits,
    change_grading,
    describe,
    edits,
    folder_names,
    write_answers,
)

pytestmark = pytest.mark.nbgrader

CHAPTER = "ch01"
CONTROL = "zz-control"  # sorts after the fuzzed students, so it is graded by workers that graded them first
FUZZ_SUBMISSIONS = "COURSEKIT_FUZZ_SUBMISSIONS"  # how many fuzzed submissions the run grades (default 10)
POOL = 4  # submissions drawn for each one graded, to choose from
KEYS = read_keys(Course(COURSE).source_notebook(CHAPTER))
REFERENCES = {exercise_id: reference_answer(key) for exercise_id, key in KEYS.items()}
HIDDEN = ["BEGIN HIDDEN TESTS", "key=", "grade_buckets(", "grade_ordering(", "grade_single_choice(", "grade_fill_in("]


@dataclass(frozen=True)
class Fuzzed:
    student: str
    edits: tuple[Edit, ...]

    def __str__(self) -> str:
        return f"{self.student!r}: " + "; ".join(describe(edit) for edit in self.edits)


@dataclass(frozen=True)
class FuzzRun:
    course: Path
    honest: str  # the cohort's student whose submission every fuzzed one and the control start from
    fuzzed: list[Fuzzed]
    handed_in: dict[str, bytes | None]  # each fuzzed student's answers.json as graded
    run: subprocess.CompletedProcess[bytes]
    records: dict[str, GradeRecord]


def draw_submissions(count: int, references: dict[str, Any]) -> list[Fuzzed]:
    """`count` fuzzed submissions, each of one to three edits (and, in about half, answers.json replaced) under a
    folder name that may be odd: hypothesis draws a pool, and each one graded is the pool's next that adds the
    most kinds of edit not yet tried."""
    kinds = edits(references)
    pool: list[tuple[tuple[Edit, ...], str]] = []

    # hypothesis only draws here: one grading run checks them all, so nothing can be shrunk
    @fuzz_settings(POOL * count, FUZZ_SUBMISSIONS, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.lists(st.one_of(kinds), min_size=1, max_size=3), st.none() | answers_edits(references), folder_names())
    def draw(chosen: list[Edit], answers: Edit | None, name: str) -> None:
        pool.append(((*chosen, answers) if answers else tuple(chosen), name))

    draw()
    tried: Counter[Any] = Counter()  # how often each kind of edit was picked
    picked = []
    for _ in range(min(count, len(pool))):
        # the most kinds not tried yet, then the kinds tried least; on a tie the later drawn (hypothesis draws
        # the simplest first)
        best = max(range(len(pool)), key=lambda i: (*_novelty(pool[i][0], tried), i))
        picked.append(pool.pop(best))
        tried.update(edit.func for edit in picked[-1][0])
    return [Fuzzed(f"fuzz-{index:02d}{name}", chosen) for index, (chosen, name) in enumerate(picked)]


def _novelty(chosen: tuple[Edit, ...], tried: Counter[Any]) -> tuple[int, int]:
    kinds = {edit.func for edit in chosen}
    return sum(1 for kind in kinds if not tried[kind]), -sum(tried[kind] for kind in kinds)


def surrogate_bucket(keys: dict[str, Key]) -> Fuzzed:
    """Every answer right, and an empty extra bucket named by a lone surrogate, which the grading call prints:
    output the kernel cannot send reaches nbgrader as an error on stderr, which it grades as 0 points."""
    answers = {exercise_id: reference_answer(key) for exercise_id, key in keys.items()}
    buckets = next(exercise_id for exercise_id, key in keys.items() if key.kind == "buckets")
    answers[buckets] = {**answers[buckets], "\ud800": []}
    return Fuzzed("fuzz-lone-surrogate", (partial(write_answers, raw=json.dumps(answers).encode()),))


def handed_in(folder: Path) -> bytes | None:
    """answers.json's bytes as grading will find them (None: no file)."""
    path = folder / "answers.json"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return b""  # refused or unreadable: graded as no answers, as empty bytes are
    return path.read_bytes() if path.exists() else None


@pytest.fixture(scope="module")
def fuzz_run(graded_cohort: Path, tmp_path_factory: pytest.TempPathFactory) -> FuzzRun:
    course = shutil.copytree(graded_cohort, tmp_path_factory.mktemp("fuzz") / "course")
    honest = sorted({student for student, _, _ in scores(graded_cohort, CHAPTER)})[0]
    base = course / "submitted" / honest / CHAPTER
    fuzzed = draw_submissions(int(os.environ.get(FUZZ_SUBMISSIONS) or 10), REFERENCES) + [surrogate_bucket(KEYS)]
    answers: dict[str, bytes | None] = {}
    for submission in fuzzed:
        folder = course / "submitted" / submission.student / CHAPTER
        shutil.copytree(base, folder)
        for edit in submission.edits:
            edit(folder)
        answers[submission.student] = handed_in(folder)
    shutil.copytree(base, course / "submitted" / CONTROL / CHAPTER)
    command = [sys.executable, "-m", "coursekit.cli", "grade", "--course", str(course), "--chapter", CHAPTER]
    run = subprocess.run(
        [*command, "--workers", "2", "--timeout", "120"], env=nbgrader_env(), capture_output=True, timeout=900
    )
    status = GradeStatus(course / "autograded" / "coursekit-status.json")
    records = {record.student: record for record in status.records.values() if record.chapter == CHAPTER}
    return FuzzRun(course, honest, fuzzed, answers, run, records)


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # answers.json of up to a megabyte
@pytest.mark.filterwarnings("ignore:Non-unique cell id", "ignore:Cell is missing an id field")  # cells mangled
@fuzz_settings(100, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(chosen=st.lists(st.one_of(edits(REFERENCES)), min_size=1, max_size=4))
@example(chosen=[partial(change_grading, picks=[0], field="points", value="bonus")])  # stopped every run once
@example(chosen=[partial(change_grading, picks=[0], field="", value=[])])
def test_the_checks_before_grading_take_any_submission(graded_cohort: Path, tmp_path: Path, chosen: list[Edit]) -> None:
    """Do the fingerprint and the file checks `coursekit grade` makes of each submission before nbgrader runs
    return for any fuzzed folder? (An exception there stops the run for everyone.)"""
    course = tmp_path / "course"
    if not course.exists():
        (course / "submitted").mkdir(parents=True)
        shutil.copy(graded_cohort / "nbgrader_config.py", course)
    honest = sorted(path.parent.name for path in graded_cohort.glob(f"submitted/*/{CHAPTER}"))[0]
    folder = course / "submitted" / "fuzzed" / CHAPTER
    shutil.copytree(graded_cohort / "submitted" / honest / CHAPTER, folder)
    try:
        for edit in chosen:
            edit(folder)
        assert fingerprint(folder)
        inspection = inspect_submission(Course.at(course), Submission(CHAPTER, "fuzzed"))
        assert isinstance(inspection.fatal, str) and isinstance(inspection.review, str)
    finally:
        shutil.rmtree(folder.parent)


def test_the_run_completes_with_a_status_for_everyone(fuzz_run: FuzzRun) -> None:
    """Does the one run end normally, with each fuzzed submission graded or failed, and the control graded?"""
    output = (fuzz_run.run.stdout + fuzz_run.run.stderr).decode("utf-8", "replace")
    assert fuzz_run.run.returncode in (0, 1) and "Traceback" not in output, output[-3000:]
    fuzzed = {submission.student: submission for submission in fuzz_run.fuzzed}
    assert set(fuzzed) | {CONTROL} <= set(fuzz_run.records)
    for student, submission in fuzzed.items():
        assert fuzz_run.records[student].status in (GRADED, FAILED), (str(submission), fuzz_run.records[student])
    assert fuzz_run.records[CONTROL].status == GRADED and fuzz_run.records[CONTROL].reason == ""


def test_every_reason_is_one_line_without_code(fuzz_run: FuzzRun) -> None:
    """Is a failure's reason given, and every reason one line, with no traceback and nothing of a hidden test?"""
    secrets = HIDDEN + [key.why[:40] for key in KEYS.values() if key.why]
    for submission in fuzz_run.fuzzed:
        record = fuzz_run.records[submission.student]
        assert record.reason or record.status != FAILED, str(submission)
        assert "\n" not in record.reason and "Traceback" not in record.reason, (str(submission), record.reason)
        assert not [secret for secret in secrets if secret in record.reason], (str(submission), record.reason)


def test_a_graded_submission_earns_what_its_answers_earn(fuzz_run: FuzzRun) -> None:
    """Does each graded fuzzed submission get, cell by cell, what the rules give its answers.json: whatever
    else it changed, added or broke, no more and no less, and within [0, points]?"""
    keys = {key.grade_id: key for key in KEYS.values()}
    graded_scores = scores(fuzz_run.course, CHAPTER)
    graded = [s for s in fuzz_run.fuzzed if fuzz_run.records[s.student].status == GRADED]
    assert graded, "no fuzzed submission was graded"
    for submission in graded:
        stored = readable_answers(fuzz_run.handed_in[submission.student]) or {}
        cells = cell_scores(graded_scores, submission.student)
        assert set(cells) == set(keys), str(submission)
        for cell, score in cells.items():
            key = keys[cell]
            assert 0.0 <= score <= key.points, (str(submission), cell, score)
            assert score == earned(key, stored.get(key.exercise_id)), (str(submission), cell)


def earned(key: Key, answer: Any) -> float:
    return round(key.points * KINDS[key.kind].score(answer, key.key).fraction, 2)


def test_no_submission_changes_another_ones_grades(fuzz_run: FuzzRun, graded_cohort: Path) -> None:
    """Does the control, graded after the fuzzed submissions by the same workers, get exactly the grades its copy
    got in the cohort's own run, and does the cohort keep theirs?"""
    before, after = scores_and_penalties(graded_cohort), scores_and_penalties(fuzz_run.course)
    assert {key: value for key, value in after.items() if key in before} == before
    assert cell_scores(scores(fuzz_run.course), CONTROL) == cell_scores(scores(graded_cohort), fuzz_run.honest) != {}


def cell_scores(graded: dict[tuple[str, str, str], float], student: str) -> dict[str, float]:
    """A student's score in each grade cell of the chapter."""
    return {cell: score for (name, chapter, cell), score in graded.items() if (name, chapter) == (student, CHAPTER)}
