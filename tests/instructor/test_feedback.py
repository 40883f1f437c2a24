"""`coursekit feedback`: each student's answers, points and explanations, and never a hidden test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cohort import CHAPTERS
from coursekit.cli import main
from coursekit.instructor.feedback import FeedbackError, generate_feedback, leaks_in
from coursekit.notebooks.keys import read_keys
from gradebook_reader import open_gradebook
from tiny_course import write_tiny_course

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def course(graded_cohort: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the graded cohort, so feedback settings can be changed freely."""
    course = tmp_path_factory.mktemp("feedback") / "course"
    shutil.copytree(graded_cohort, course)
    return course


def test_pages_show_answers_points_and_why_but_no_hidden_test(course: Path) -> None:
    """Does every page give each exercise its section, with the answer beside the key and why, and no key source?"""
    files = generate_feedback(course_root=course)
    submitted = sorted(course.glob("submitted/*/*"))
    assert len(files.pages) == len(submitted)
    students = {path.parent.name for path in submitted}
    assert sorted(files.indexes) == sorted(course / "feedback" / student / "index.html" for student in students)
    for page in files.pages:
        text = page.read_text()
        assert leaks_in(page) == []
        chapter = page.parent.name
        keys = read_keys(course / "source" / chapter / f"{chapter}.ipynb")
        assert len(BeautifulSoup(text, "html.parser").select("section.exercise")) == len(keys)
        assert "Your answer beside the right answer" in text and "Why:" in text and "Scoring rule:" in text
    ch01_keys = read_keys(course / "source" / "ch01" / "ch01.ipynb")
    first_why = next(iter(ch01_keys.values())).why
    assert any(first_why[:40] in page.read_text() for page in files.pages if page.parts[-2] == "ch01")


def test_tracebacks_are_trimmed_to_the_error_line(course: Path) -> None:
    """When a hidden test raised, does feedback show only `ename: evalue`, not the traceback quoting the key?"""
    graded = course / "autograded" / "student004" / "ch01" / "ch01.ipynb"
    notebook = json.loads(graded.read_text())
    test_cell = next(
        c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id", "").endswith("-test")
    )
    traceback = [
        "Cell In[3], line 4",
        '----> 4 grade_buckets("ch01.x", key={"Dev": ["secret item"]})',
        "TypeError: boom",
    ]
    test_cell["outputs"] = [{"output_type": "error", "ename": "TypeError", "evalue": "boom", "traceback": traceback}]
    graded.write_text(json.dumps(notebook))
    generate_feedback(course_root=course, chapters=["ch01"])
    text = (course / "feedback" / "student004" / "ch01" / "ch01.html").read_text()
    assert "could not be graded automatically (TypeError)" in text
    assert "secret item" not in text and "boom" not in text and "Cell In[" not in text and "----&gt;" not in text


def test_hide_answers_leaves_out_expected_and_why(course: Path) -> None:
    """With --hide-answers, do pages keep the student's answer and marks but drop the key, verdicts and why?"""
    pages = generate_feedback(course_root=course, chapters=CHAPTERS[:1], hide_answers=True).pages
    text = "".join(BeautifulSoup(page.read_text(), "html.parser").body.get_text() for page in pages)  # type: ignore[union-attr]
    assert "Your bucket" in text and " of 3 points" in text
    assert "Right bucket" not in text and "Right answer" not in text and "✓" not in text and "✗" not in text
    assert "Why:" not in text and "belongs in" not in text  # no notes: they name the right bucket
    generate_feedback(course_root=course, chapters=CHAPTERS[:1])  # the other tests read pages with answers


def test_a_page_that_would_leak_is_withheld(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a hidden test reached a page (say, a misconfigured course), is the page deleted and the run refused?"""
    config = course / "nbgrader_config.py"
    original = config.read_text()
    config.write_text(
        original + '\nc.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades"]'
        '\nc.GenerateFeedback.exporter_class = "nbconvert.exporters.HTMLExporter"\n'  # nbgrader's page, code and all
    )
    try:
        with pytest.raises(FeedbackError, match="withheld"):
            generate_feedback(course_root=course, chapters=["ch01"])
        assert not list((course / "feedback").glob("*/ch01/ch01.html"))
    finally:
        config.write_text(original)


def test_feedback_for_a_chapter_not_graded_says_what_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Asked for a chapter handed in but not graded: does it exit 2 with one line naming the chapter and the
    command that grades it, and write nothing?"""
    tiny = write_tiny_course(tmp_path / "course")  # this module's `course` fixture is the graded cohort's copy
    (tiny / "submitted" / "ana" / "ps1").mkdir(parents=True)
    assert main(["feedback", "--course", str(tiny), "--chapter", "ps1"]) == 2
    assert capsys.readouterr().err == (
        "coursekit feedback: ps1 is not graded yet: run `coursekit grade --chapter ps1` first\n"
    )
    assert not (tiny / "feedback").exists()


def test_a_chapter_whose_grades_left_the_gradebook_is_named_not_fed_to_nbgrader(
    graded_cohort_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ch05 graded into autograded/ but its grades gone from the gradebook (nbgrader's feedback would fail on
    every student): named with a chapter graded, is nothing written; with none named, is ch01's feedback written
    and ch05 named with the command to run?"""
    course = graded_cohort_copy
    shutil.rmtree(course / "feedback", ignore_errors=True)
    with open_gradebook(course) as gradebook:
        gradebook.remove_assignment("ch05")
    with pytest.raises(FeedbackError) as refused:
        generate_feedback(course_root=course, chapters=CHAPTERS)
    assert str(refused.value) == "ch05 is not graded yet: run `coursekit grade --chapter ch05` first"
    assert not (course / "feedback").exists()
    assert main(["feedback", "--course", str(course)]) == 0
    out = capsys.readouterr().out
    assert "no feedback pages: ch05 is not graded yet: run `coursekit grade --chapter ch05` first" in out
    assert {page.parent.name for page in (course / "feedback").glob("*/*/*.html")} == {"ch01"}
