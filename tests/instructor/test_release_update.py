"""`coursekit release CHAPTER --update`: a graded chapter gains an exercise; grades, comments and due date stay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from coursekit.cli import main
from coursekit.course import Course, Submission
from coursekit.instructor.release_build import BuildError, build_release
from feedback_class import COMMENT, DUE, STUDENTS, graded_tiny_class
from gradebook_reader import due_dates, marks, submissions, total
from tiny_course import NEW_ID, add_exercise, cell_metadata


def grades(course: Course) -> dict[str, dict[str, tuple[float | None, float | None, str | None]]]:
    """student -> grade id -> (auto score, manual score, comment)."""
    found: dict[str, dict[str, tuple[float | None, float | None, str | None]]] = {}
    for (student, _, cell), mark in marks(course, "ps1").items():
        found.setdefault(student, {})[cell] = (mark.auto, mark.manual, mark.comment)
    return found


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return graded_tiny_class(tmp_path_factory.mktemp("update") / "course")


@pytest.mark.nbgrader
def test_adding_an_exercise_keeps_every_grade_and_grades_the_new_one(
    graded_class: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused by plain release with release/ and the gradebook untouched; done by --update keeping the rest?"""
    course = Course.at(graded_class)
    before = grades(course)
    ace = total(course, "ace", "ps1")
    assert before["ace"]["essay"][1:] == (3, COMMENT)
    released = course.release_notebook("ps1").read_bytes()
    add_exercise(graded_class)
    for student in ("ace", "mixed"):  # two students had answered it (an answer the old release could not show)
        answers = course.submission_folder(Submission("ps1", student)) / "answers.json"
        answers.write_text(json.dumps({**json.loads(answers.read_text()), NEW_ID: "Salt" if student == "ace" else "x"}))

    assert main(["release", "ps1", "--course", str(graded_class)]) == 2
    error = capsys.readouterr().err
    assert (
        f"{len(STUDENTS)} students have submitted it" in error and "added: salt-check, salt-test, salt-widget" in error
    )
    assert "coursekit release ps1 --update" in error
    assert course.release_notebook("ps1").read_bytes() == released
    assert grades(course) == before

    assert main(["release", "ps1", "--update", "--no-sandbox", "--course", str(graded_class)]) == 0
    out = capsys.readouterr().out
    after = grades(course)
    assert set(after) == set(before) == set(STUDENTS)
    for student, cells in before.items():
        assert {name: after[student][name] for name in cells} == cells, student  # every grade and comment kept
        assert after[student]["salt-test"][0] == (2 if student == "ace" else 0), student
        assert f"  {student}: " in out
    assert f"ace: {ace:g} -> {ace + 2:g} points; kept 1 hand-given score and 1 comment" in out
    assert f"due date kept: {DUE.replace(tzinfo=None)} UTC" in out
    assert NEW_ID in course.release_notebook("ps1").read_text()
    assert due_dates(course)["ps1"] == DUE.replace(tzinfo=None)
    late = submissions(course)[("late", "ps1")]
    assert late.seconds_late > 0 and late.penalty > 0
    backups = list((graded_class / "gradebook-backups").iterdir())
    assert len(backups) == 1 and (backups[0] / "gradebook.db").is_file()
    kept = json.loads((backups[0] / "kept-grades.json").read_text())
    assert kept["students"]["ace"]["comments"] == {"essay": COMMENT}


@pytest.mark.nbgrader
def test_a_failed_build_leaves_the_release(graded_class: Path) -> None:
    """When nbgrader cannot build (cells changed under submissions), is release/ kept whole?"""
    course = Course.at(graded_class)
    copy = course.root / "release-before"
    shutil.copytree(course.release / "ps1", copy)
    path = course.source_notebook("ps1")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("A note added later.", metadata=cell_metadata("late-note")))
    nbformat.write(notebook, path)
    with pytest.raises(BuildError, match="Cannot add or remove cells"):
        build_release(course, "ps1")
    assert sorted(p.name for p in (course.release / "ps1").iterdir()) == sorted(p.name for p in copy.iterdir())
    assert (course.release / "ps1" / "ps1.ipynb").read_bytes() == (copy / "ps1.ipynb").read_bytes()
    assert not (course.root / ".coursekit-release-build").exists()


def test_the_report_counts_only_what_was_carried_over() -> None:
    """Is a hand-given score whose cell was removed reported as dropped, not kept?"""
    from coursekit.autograde.run import GradeSummary
    from coursekit.instructor.kept_grades import KeptGrades, StudentGrades
    from coursekit.instructor.release_cells import CellChanges
    from coursekit.instructor.release_update import UpdateResult

    kept = KeptGrades(
        "ps1", "2026-03-02T17:00:00", {"ace": StudentGrades(13, {"essay": 3, "old": 1}, {}, {"essay": "ok"})}
    )
    result = UpdateResult(
        "ps1", Path("backup"), CellChanges(1, removed=["old"]), kept, {"ace": 12}, {"ace": ["old"]}, GradeSummary([])
    )
    assert result.report().splitlines() == [
        "updated ps1: removed: old",
        "gradebook backed up to backup",
        "due date kept: 2026-03-02 17:00:00 UTC",
        "  ace: 13 -> 12 points; kept 1 hand-given score and 1 comment, dropped with their cells: old",
    ]


@pytest.mark.nbgrader
def test_regrading_on_a_cluster_needs_a_shared_gradebook(
    graded_class: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--update --cluster` with the course's SQLite gradebook, and `--cluster` without `--update`: refused with the
    fix named, before the release, the gradebook or a backup changes?"""
    course = Course.at(graded_class)
    before, released = grades(course), course.release_notebook("ps1").read_bytes()
    backups = (
        sorted((graded_class / "gradebook-backups").glob("*")) if (graded_class / "gradebook-backups").exists() else []
    )
    assert main(["release", "ps1", "--update", "--cluster", "local:1", "--course", str(graded_class)]) == 2
    assert "--cluster needs a gradebook every worker can write to" in capsys.readouterr().err
    assert main(["release", "ps1", "--cluster", "local:1", "--course", str(graded_class)]) == 2
    assert capsys.readouterr().err == (
        "coursekit release: --cluster: only with --update, which regrades (coursekit release ch01 --update "
        "--cluster ...). Nothing was released.\n"
    )
    assert grades(course) == before and course.release_notebook("ps1").read_bytes() == released
    after = (
        sorted((graded_class / "gradebook-backups").glob("*")) if (graded_class / "gradebook-backups").exists() else []
    )
    assert after == backups
