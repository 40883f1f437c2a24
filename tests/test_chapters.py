"""The course's chapters: as the plan says, release current and key-free, every exercise listed, graded right by
real nbgrader. They read the course at repo.COURSE (this repository unless COURSEKIT_COURSE names another)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit.course import Course
from coursekit.instructor.plan import PLAN_FILE, course_order, read_plan
from coursekit.instructor.release import release
from coursekit.nbgrader_run import run_nbgrader
from coursekit.notebooks.keys import GRADERS, read_keys
from coursekit.notebooks.listing import WIDGET_KINDS, list_exercises
from gradebook_reader import auto_scores
from repo import COURSE, copy_sources, quiz_chapters
from strategies import every_other, key_answers

pytestmark = pytest.mark.course
CHAPTERS = Course(COURSE).chapters()
QUIZ_CHAPTERS = quiz_chapters()
KINDS = set(WIDGET_KINDS.values())
MIN_AUTOGRADED = read_plan(Course(COURSE)).min_autograded  # course_plan.toml: at least this many per quiz chapter


def source_of(chapter: str, root: Path = COURSE) -> Path:
    return root / "source" / chapter / f"{chapter}.ipynb"


def release_of(chapter: str, root: Path = COURSE) -> Path:
    return root / "release" / chapter / f"{chapter}.ipynb"


def test_the_plan_file_and_source_agree() -> None:
    """Does course_plan.toml name only chapters that source/ holds, put every chapter once in the course order,
    and is every chapter released? (Add a chapter as docs/authoring.md says: source/, release, plan.)"""
    assert (COURSE / PLAN_FILE).is_file() and CHAPTERS
    plan = read_plan(Course(COURSE))  # a chapter it names that source/ lacks is an error
    order = course_order(Course(COURSE), plan)
    assert sorted(order) == CHAPTERS and len(order) == len(set(order))
    assert [c for c in CHAPTERS if not release_of(c).is_file()] == [], "run `coursekit release CHAPTER`"
    assert QUIZ_CHAPTERS and plan.min_autograded > 0, "the plan states how many exercises a chapter has at least"


def test_no_answers_file_under_source_or_release() -> None:
    """Is there no answers.json under source/ or release/ (it would overwrite students' answers)?"""
    assert not list((COURSE / "source").rglob("answers.json"))
    assert not list((COURSE / "release").rglob("answers.json"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_listing_covers_every_exercise(chapter: str) -> None:
    """Does `coursekit exercises` list every graded exercise with its points, for source and release alike, and
    does a chapter with autograded exercises have at least as many as the plan asks?"""
    listed = list_exercises(release_of(chapter))
    assert listed == list_exercises(source_of(chapter))
    keys = read_keys(source_of(chapter))
    autograded = [exercise for exercise in listed if exercise["kind"] != "written"]
    assert sorted(exercise["id"] for exercise in autograded) == sorted(keys)
    assert len(autograded) >= MIN_AUTOGRADED or (not autograded and chapter not in QUIZ_CHAPTERS)
    for exercise in listed:
        assert exercise["id"].startswith(f"{chapter}.") and exercise["title"] and exercise["points"] > 0
        if exercise["kind"] != "written":
            assert exercise["kind"] == keys[exercise["id"]].kind
            assert exercise["points"] == keys[exercise["id"]].points


def test_course_uses_every_kind_and_unique_ids() -> None:
    """Is every exercise kind used somewhere, and is every id unique across the course?"""
    listed = [exercise for chapter in CHAPTERS for exercise in list_exercises(release_of(chapter))]
    ids = [exercise["id"] for exercise in listed]
    assert len(ids) == len(set(ids))
    assert {exercise["kind"] for exercise in listed} >= KINDS | {"written"}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_release_reveals_no_key(chapter: str) -> None:
    """Does the release hold no hidden test, key call, explanation, output, nor items in key order?"""
    notebook = nbformat.read(release_of(chapter), as_version=4)
    text = json.dumps(notebook)
    for marker in ("HIDDEN TESTS", "key=", "coursekit.scoring", "Model answer", *(f"{name}(" for name in GRADERS)):
        assert marker not in text
    assert all(not cell.get("outputs") for cell in notebook.cells)
    listed = {exercise["id"]: exercise for exercise in list_exercises(release_of(chapter))}
    for exercise_id, key in read_keys(source_of(chapter)).items():
        if len(key.why) > 15:
            assert key.why not in text, f"{exercise_id}: the explanation is in the release"
        shown = listed[exercise_id]
        if key.kind == "buckets":
            order = [next(b for b, items in key.key.items() if item in items) for item in shown["items"]]
            runs = 1 + sum(1 for before, after in zip(order, order[1:], strict=False) if before != after)
            assert runs > len(key.key), f"{exercise_id}: items are listed grouped by bucket"
        if key.kind == "ordering":
            assert shown["items"] not in (key.key, key.key[::-1]), f"{exercise_id}: items listed in order"


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course rebuilt in a temporary folder, with three students per chapter autograded by nbgrader."""
    course = copy_sources(tmp_path_factory.mktemp("course"))
    release(course_root=course)
    for chapter in CHAPTERS:
        right = key_answers(source_of(chapter))
        half = every_other(right)
        for student, answers in (("reference", right), ("empty", None), ("partial", half)):
            folder = course / "submitted" / student / chapter
            folder.mkdir(parents=True)
            shutil.copy(release_of(chapter), folder)  # the committed release is what students get
            if answers is not None:
                (folder / "answers.json").write_text(json.dumps(answers))
        result = run_nbgrader(course, "autograde", chapter, timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
    return course


@pytest.mark.nbgrader
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_committed_release_is_up_to_date(graded_course: Path, chapter: str) -> None:
    """Is release/ exactly what nbgrader generates from source/ now? (Regenerate with `coursekit release`.)"""
    fresh = nbformat.read(release_of(chapter, graded_course), as_version=4)
    committed = nbformat.read(release_of(chapter), as_version=4)
    assert committed == fresh, f"release/{chapter} is out of date: run `.venv/bin/coursekit release {chapter}`"


@pytest.mark.nbgrader
@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_three_students_are_graded_as_expected(graded_course: Path, chapter: str) -> None:
    """Do reference answers earn every automatic point, an empty submission none, a half one in between: exactly
    the points of the exercises it answers (every other one, each with its key) and none for the rest?"""
    keys = list(read_keys(source_of(chapter)).values())
    reference = auto_scores(graded_course, chapter, "reference")
    assert reference == {key.grade_id: pytest.approx(key.points) for key in keys}
    assert auto_scores(graded_course, chapter, "empty") == {key.grade_id: 0 for key in keys}
    half = {key.grade_id: key.points if index % 2 else 0.0 for index, key in enumerate(keys)}
    assert 0 < sum(half.values()) < sum(key.points for key in keys)
    assert auto_scores(graded_course, chapter, "partial") == pytest.approx(half)


@pytest.mark.nbgrader
@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_release_runs_top_to_bottom(tmp_path: Path, chapter: str) -> None:
    """Does the release notebook run every cell in a fresh kernel without an error, as Run All does?"""
    shutil.copy(release_of(chapter), tmp_path)
    notebook: Any = nbformat.read(tmp_path / f"{chapter}.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    checks = [cell for cell in notebook.cells if "check(" in cell.source]
    assert checks and all("not answered yet" in cell.outputs[0]["text"] for cell in checks)
