"""`coursekit report`: the LMS grades CSV matches the gradebook; the HTML report holds its plots and tables and
flags the exercises nobody scored full marks on."""

from __future__ import annotations

import csv
import random
import shutil
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from cohort import CHAPTERS
from coursekit.cli import main
from coursekit.course import Course, Submission
from coursekit.instructor.report import ReportError, write_report
from coursekit.instructor.report.data import collect
from coursekit.instructor.simulate import write_submission
from coursekit.nbgrader_run import run_nbgrader
from coursekit.notebooks.keys import read_keys
from gradebook_reader import marks, open_gradebook, submissions
from repo import COURSE
from tiny_course import TINY_RIGHT, write_tiny_course

pytestmark = pytest.mark.nbgrader


def test_csv_matches_the_gradebook(graded_cohort_copy: Path) -> None:
    """Is each CSV cell the gradebook's score minus its late penalty, and the total their sum? Is a cell empty
    exactly where the student handed nothing in for that chapter (no folder in submitted/, none in the gradebook)?"""
    course = graded_cohort_copy
    # one student never handed ch05 in (as collect and grade leave it), one on the roster handed in nothing
    dropped = sorted(course.glob("submitted/*/ch05"))[0]
    shutil.rmtree(dropped)
    with open_gradebook(course) as gradebook:
        gradebook.remove_submission("ch05", dropped.parent.name)
        gradebook.add_student("roster-only")
    files = write_report(course_root=course)
    rows = list(csv.DictReader(files.csv.open()))
    assert list(rows[0]) == ["student", *CHAPTERS, "total"]
    missing = []
    handed = submissions(course)
    for row in rows:
        total = 0.0
        for chapter in CHAPTERS:
            if not (course / "submitted" / row["student"] / chapter).is_dir():
                assert (row["student"], chapter) not in handed
                assert row[chapter] == ""
                missing.append((row["student"], chapter))
                continue
            submission = handed[(row["student"], chapter)]  # a missing one fails the test
            expected = submission.score - submission.penalty
            assert float(row[chapter]) == pytest.approx(expected, abs=0.005)
            total += expected
        assert float(row["total"]) == pytest.approx(total, abs=0.01)
    assert sorted(missing) == [("roster-only", "ch01"), ("roster-only", "ch05"), (dropped.parent.name, "ch05")]
    assert {row["student"] for row in rows} == {p.name for p in (course / "submitted").iterdir()} | {"roster-only"}


def test_html_report_has_plots_and_tables(graded_cohort_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the page embed its four plots and name every exercise, as one self-contained file?"""
    assert main(["report", "--course", str(graded_cohort_copy)]) == 0
    assert "report.html" in capsys.readouterr().out
    text = (graded_cohort_copy / "reports" / "report.html").read_text()
    assert text.count('src="data:image/png;base64,') == 4
    for alt in ("Score distribution per chapter", "Most missed items", "Late submissions per chapter"):
        assert f'alt="{alt}' in text
    assert "ch01.ml-workflows" in text and "ch05.cm-vs-ct" in text
    assert "http://" not in text and "https://" not in text  # nothing fetched when opened offline


BROKEN_KEY = ('"Vegetable": ["Carrot", "Leek"]', '"Vegetable": ["Carrot", "Leeks"]')  # no widget item is "Leeks"
ESSAY_MARKS = "ps1.essay (Explain it) in ps1: nobody scored full marks; 3 students submitted, the best scored 3 of 4"


@pytest.fixture(scope="module")
def broken_key_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ps1 released with a key naming an item its widget lacks (so the sort exercise tops out below its points),
    autograded by nbgrader for ace (every answer right but the fill-in), bea (some right) and cal (nothing answered)."""
    root = write_tiny_course(tmp_path_factory.mktemp("broken-key") / "course")
    source = root / "source" / "ps1" / "ps1.ipynb"
    notebook = nbformat.read(source, as_version=4)
    tests = [cell for cell in notebook.cells if BROKEN_KEY[0] in cell.source]
    assert len(tests) == 1
    tests[0].source = tests[0].source.replace(*BROKEN_KEY)
    nbformat.write(notebook, source)
    # `coursekit release` and `coursekit grade` refuse such a key; a chapter released and graded with plain
    # nbgrader (or before coursekit checked keys) has it, and its gradebook is what the report reads
    result = run_nbgrader(root, "generate_assignment", "ps1", "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    course = Course.at(root)
    answers = {
        "ace": {**TINY_RIGHT, "ps1.term": "baguette"},
        "bea": {"ps1.pick": "Roast", "ps1.term": "bread", "ps1.sort": {"Fruit": ["Apple"]}},
        "cal": {},
    }
    for student, given in answers.items():
        write_submission(course, Submission("ps1", student), given, datetime.now(timezone.utc), random.Random(0))
    # cal hands the notebook in as released, essay untouched: nbgrader scores it 0 itself, no grader needed
    shutil.copy(course.release_notebook("ps1"), course.submission_folder(Submission("ps1", "cal")))
    result = run_nbgrader(root, "autograde", "ps1", "--create", "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def best_scores(course: Path, chapter: str) -> dict[str, tuple[float, float]]:
    """Grade cell id to (best score anyone was given, the cell's points), straight from the gradebook."""
    best: dict[str, tuple[float, float]] = {}
    for (_, _, cell), mark in marks(course, chapter).items():
        best[cell] = (max(best.get(cell, (0.0, 0.0))[0], mark.score), mark.max_score)
    return best


def test_flags_what_nobody_scored_full_marks_on(broken_key_class: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Are the broken-key exercise and the one nobody got right flagged, by id, title, points, best score and
    students, with what to do, in the page and on the terminal; and is an exercise someone got fully right not?"""
    best = best_scores(broken_key_class, "ps1")
    assert 0 < best["sort-test"][0] < 2 == best["sort-test"][1]  # ace's right answer, capped by the key
    assert all(best[cell][0] == best[cell][1] for cell in ("pick-test", "many-test", "order-test"))

    assert main(["report", "--course", str(broken_key_class)]) == 0
    lines = capsys.readouterr().out.splitlines()
    sort = (
        f"ps1.sort (Sort it) in ps1: nobody scored full marks; 3 students submitted, the best scored "
        f"{best['sort-test'][0]:g} of 2 points."
    )
    term = "ps1.term (Name it) in ps1: nobody scored full marks; 3 students submitted, the best scored 0 of 1 point."
    advice = (
        "Check the key with `coursekit check ps1`, fix it in source/, then run `coursekit release ps1` and "
        "`coursekit grade --chapter ps1 --force`; if the check finds nothing, review the exercise's wording."
    )
    assert lines[2:] == [f"warning: {sort} {advice}", f"warning: {term} {advice}"]

    page = (broken_key_class / "reports" / "report.html").read_text()
    warning = page[page.index('<section class="warning"') : page.index("</section>")]
    assert page.index("</section>") < page.index("<h2>Chapters</h2>")  # near the top, before any table
    assert "Nobody scored full marks on 2 exercises" in warning
    assert warning.count("<li>") == 2 and sort in warning and term in warning
    assert (
        "<code>coursekit check ps1</code>" in warning
        and "<code>coursekit grade --chapter ps1 --force</code>" in warning
    )
    for untouched in ("ps1.pick", "ps1.many", "ps1.order", "ps1.essay"):  # the essay awaits hand-grading
        assert untouched not in warning


def test_flags_a_hand_graded_answer_once_every_one_is_graded(broken_key_class: Path) -> None:
    """Is a written answer left out while some are ungraded, flagged once all are and none has full marks, and
    left out again once one has?"""
    course = Course.at(broken_key_class)
    assert "ps1.essay" not in [item.exercise_id for item in collect(course).unreached]
    with open_gradebook(course) as gradebook:
        assert not gradebook.find_grade("essay", "ps1", "ps1", "cal").needs_manual_grade  # 0, as released
        for student, marks in (("ace", 3.0), ("bea", 2.0)):
            grade = gradebook.find_grade("essay", "ps1", "ps1", student)
            grade.manual_score, grade.needs_manual_grade = marks, False  # as formgrader saves a score
        gradebook.db.commit()
    flagged = {item.exercise_id: item for item in collect(course).unreached}
    assert flagged["ps1.essay"].written and flagged["ps1.essay"].finding.startswith(ESSAY_MARKS)
    assert "rubric and model answer in source/ps1/" in flagged["ps1.essay"].advice
    with open_gradebook(course) as gradebook:
        gradebook.find_grade("essay", "ps1", "ps1", "bea").manual_score = 4.0
        gradebook.db.commit()
    assert "ps1.essay" not in [item.exercise_id for item in collect(course).unreached]


def test_flags_match_the_gradebook_of_a_simulated_cohort(graded_cohort: Path) -> None:
    """In a two-chapter simulated cohort, is an exercise flagged exactly when no grade of it reached its points?"""
    data = collect(Course.at(graded_cohort))
    keys = {chapter: read_keys(graded_cohort / "source" / chapter / f"{chapter}.ipynb") for chapter in CHAPTERS}
    expected = [
        key.exercise_id
        for chapter in CHAPTERS
        for key in keys[chapter].values()
        if best_scores(graded_cohort, chapter)[key.grade_id][0] < key.points
    ]
    assert [item.exercise_id for item in data.unreached] == expected
    for item in data.unreached:
        assert item.submitted == sum(1 for results in data.results.values() if item.chapter in results)


def test_report_before_grading_says_what_to_run(tiny_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A chapter handed in but never graded would read as never handed in: does the report exit 2 with one line
    naming it and the command that grades it, writing nothing (not even a gradebook)?"""
    (tiny_course / "submitted" / "ana" / "ps1").mkdir(parents=True)
    assert main(["report", "--course", str(tiny_course)]) == 2
    assert (
        capsys.readouterr().err
        == "coursekit report: ps1 is not graded yet: run `coursekit grade --chapter ps1` first\n"
    )
    assert not (tiny_course / "reports").exists() and not (tiny_course / "gradebook.db").exists()


def test_a_submission_not_graded_yet_stops_the_report(graded_cohort_copy: Path) -> None:
    """One new submission in a graded chapter: is it named, with its chapter and the command, and nothing written?"""
    course = graded_cohort_copy
    shutil.rmtree(course / "reports", ignore_errors=True)
    shutil.copytree(course / "submitted" / "student001" / "ch01", course / "submitted" / "newcomer" / "ch01")
    with pytest.raises(ReportError) as refused:
        write_report(course_root=course)
    assert str(refused.value) == (
        "ch01 has 1 submission not graded yet (newcomer): run `coursekit grade --chapter ch01` first"
    )
    assert not (course / "reports").exists()


def test_a_chapter_neither_released_nor_submitted_is_left_out(graded_cohort_copy: Path) -> None:
    """A chapter in source/ that is not released yet and nobody handed in: is the report written without it?"""
    course = graded_cohort_copy
    shutil.copytree(COURSE / "source" / "ch02", course / "source" / "ch02")
    files = write_report(course_root=course)
    assert next(csv.reader(files.csv.open())) == ["student", *CHAPTERS, "total"]
