"""Hand grading in nbgrader's formgrader: the essays' rubric beside each answer, a score saved, the score reported."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from browser.server import JupyterServer
from coursekit.autograde.run import grade_cohort
from coursekit.course import Course
from coursekit.instructor.release import release
from coursekit.instructor.report import write_report
from coursekit.instructor.simulate import CohortSettings, simulate
from gradebook_reader import marks, open_gradebook
from repo import copy_sources

ESSAYS = "ch04-essays"
STUDENT = "student001"
COMMENT = "Names five of the seven principles; automation well explained."


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def essays_course(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Chapter 4's essays released, a small cohort simulated (on time) and autograded, ready for hand grading; the
    gradebook is the course's SQLite file, or a database on a real PostgreSQL server (COURSEKIT_DB_URL, set for the
    module's tests and for the server they start)."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "postgresql":
            patch.setenv("COURSEKIT_DB_URL", request.getfixturevalue("postgres").new_database())
        root = copy_sources(tmp_path_factory.mktemp("formgrader") / "course", [ESSAYS])
        release(course_root=root)
        simulate(course_root=root, settings=CohortSettings(students=2, seed=3, late_share=0, missing_share=0))
        summary = grade_cohort(course_root=root, sandbox=False, stream=io.StringIO())
        assert {record.status for record in summary.records} == {"graded"}
        yield root


@pytest.fixture(scope="module")
def formgrader(essays_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    """JupyterLab started in the course folder, as an instructor starts it to open formgrader."""
    server = JupyterServer("lab", essays_course, tmp_path_factory.mktemp("formgrader-state"))
    try:
        yield server
    finally:
        server.stop()


def hand_grading(course: Path, grade_id: str) -> tuple[float | None, str | None]:
    """The manual score and comment the gradebook holds for the student's written answer."""
    mark = marks(Course.at(course), ESSAYS)[(STUDENT, ESSAYS, grade_id)]
    return mark.manual, mark.comment


@pytest.mark.browser
def test_a_grader_sees_the_rubric_and_the_score_reaches_the_grades(
    page: Page, formgrader: JupyterServer, essays_course: Path
) -> None:
    """In formgrader, does each essay show its model answer and rubric, and does a score typed there reach the
    gradebook and reports/grades.csv?"""
    with open_gradebook(Course.at(essays_course)) as book:
        submission = book.find_submission_notebook(ESSAYS, ESSAYS, STUDENT).id
    page.goto(f"{formgrader.url}/formgrader/submissions/{submission}/")
    answers = page.locator(".nbgrader_cell")
    expect(answers).to_have_count(4, timeout=60_000)
    next_cell = "xpath=ancestor::div[contains(@class, 'cell')][1]/following-sibling::div[1]"
    for index in range(4):  # the cell right after each student's answer holds its model answer and rubric
        rubric = answers.nth(index).locator(next_cell)
        expect(rubric).to_contain_text("Model answer")
        expect(rubric).to_contain_text("Rubric: 4 points")
    page.locator("input.score#principles-essay").fill("3")
    page.locator("#principles-essay-comment").fill(COMMENT)
    page.locator("input.score#governance-essay").click()  # leaving a field saves it, as graders move on
    deadline = time.monotonic() + 120
    while hand_grading(essays_course, "principles-essay") != (3.0, COMMENT):
        assert time.monotonic() < deadline, f"formgrader saved {hand_grading(essays_course, 'principles-essay')}"
        time.sleep(0.2)
    write_report(course_root=essays_course)
    with (essays_course / "reports" / "grades.csv").open(encoding="utf-8") as handle:
        grades = {row["student"]: row for row in csv.DictReader(handle)}
    assert grades[STUDENT][ESSAYS] == "3"
    assert grades[STUDENT]["total"] == "3"


@pytest.mark.browser
def test_formgraders_feedback_button_writes_coursekits_page(
    page: Page, formgrader: JupyterServer, essays_course: Path
) -> None:
    """Does formgrader's "Generate feedback" button (which asks nbgrader for its own template) write coursekit's
    page: each essay a section with the grader's score and comment, and no code?"""
    with open_gradebook(Course.at(essays_course)) as book:
        book.find_grade("cicd-essay", ESSAYS, ESSAYS, STUDENT).manual_score = 2
        book.find_comment("cicd-essay", ESSAYS, ESSAYS, STUDENT).manual_comment = COMMENT
        book.db.commit()
    feedback = essays_course / "feedback" / STUDENT / ESSAYS / f"{ESSAYS}.html"
    feedback.unlink(missing_ok=True)
    page.goto(f"{formgrader.url}/formgrader/manage_assignments")
    page.locator("tr", has_text=ESSAYS).locator(".generate-feedback a").click(timeout=60_000)
    expect(page.locator("#success-modal")).to_contain_text("Successfully generated feedback", timeout=120_000)
    text = feedback.read_text(encoding="utf-8")
    assert len(BeautifulSoup(text, "html.parser").select("section.exercise")) == 4
    assert "2 of 4 points" in text and COMMENT in text
    assert "In [" not in text and "nbgrader_cell" not in text
