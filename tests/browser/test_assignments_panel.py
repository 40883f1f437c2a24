"""A student fetches, answers and submits a chapter in JupyterLab's Assignments tab (nbgrader's extension), on
their own JupyterLab as a real Unix user; the instructor collects and grades it with the README's commands."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from browser.answering import SavedAnswers, answer
from browser.notebook_tab import NotebookTab
from browser.student_path import StudentLab, assignments_tab, chapter_button
from class_story import unreleased_course
from coursekit.notebooks.keys import read_keys
from exchange_class import Classroom, classroom, unix_students
from gradebook_reader import total
from readme_commands import CLASS, block

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]

CHAPTER = "ch01"  # the README's example chapter: its release block runs as written


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Classroom]:
    """A server with one student and the chapter released to the exchange, as the README sets a class up."""
    private = tmp_path_factory.mktemp("panel-instructor")
    with (
        unix_students(["dana"]) as students,
        classroom(unreleased_course(private / "course"), private / "home", students) as room,
    ):
        room.system_wide(block(CLASS, "set-up"))
        room.instructor(block(CLASS, "release"))
        yield room


@pytest.fixture
def lab(room: Classroom) -> Iterator[StudentLab]:
    server = StudentLab(room, room.students["dana"])
    yield server
    server.stop()


def test_student_fetches_and_submits_in_the_assignments_tab(page: Page, lab: StudentLab, room: Classroom) -> None:
    """Fetched, answered, validated and submitted from the Assignments tab, is the answer collected and graded,
    and does Fetch Feedback bring the student their page?"""
    student = room.students["dana"]
    panel = assignments_tab(page, lab, CHAPTER)
    chapter_button(panel, "released", CHAPTER, "Fetch").click()
    expect(chapter_button(panel, "fetched", CHAPTER, "Submit")).to_be_visible(timeout=60_000)
    notebook = student.home / CHAPTER / f"{CHAPTER}.ipynb"
    assert notebook.stat().st_uid == student.uid

    keys = list(read_keys(room.course / "source" / CHAPTER / f"{CHAPTER}.ipynb").values())
    tab = NotebookTab(page, lab, notebook).open()
    tab.run_all([key.exercise_id for key in keys])
    answer(tab.widget(keys[0].exercise_id), keys[0], SavedAnswers(notebook.parent), drag=False)
    tab.save()
    saved = json.loads((notebook.parent / "answers.json").read_text())
    assert list(saved) == [keys[0].exercise_id]

    panel = assignments_tab(page, lab, CHAPTER)
    panel.locator("#fetched_assignments_list a.assignment-notebooks-link").filter(has_text=CHAPTER).click()
    panel.locator("#fetched_assignments_list .nested_list_item").get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog").filter(has_text="Validation Results")
    # one exercise answered: validate names each of the others as a failed cell, saying what to do
    expect(dialog).to_contain_text("has no answer yet: answer it in its", timeout=120_000)
    shown = dialog.inner_text()
    assert shown.count("The following cell failed") == len(keys) - 1, shown
    assert all(f"{key.exercise_id} (" in shown for key in keys[1:]) and f"{keys[0].exercise_id} (" not in shown
    dialog.locator(".jp-mod-accept").click()
    chapter_button(panel, "fetched", CHAPTER, "Submit").click()
    expect(chapter_button(panel, "submitted", CHAPTER, "Fetch Feedback")).to_be_visible(timeout=60_000)

    room.instructor(block(CLASS, "collect"))
    collected = room.course / "submitted" / student.name / CHAPTER
    assert json.loads((collected / "answers.json").read_text()) == saved
    assert total(room.course, student.name, CHAPTER) == pytest.approx(keys[0].points)
    room.instructor(block(CLASS, "feedback"))
    chapter_button(panel, "submitted", CHAPTER, "Fetch Feedback").click()
    returned = room.course / "feedback" / student.name / CHAPTER / f"{CHAPTER}.html"
    fetched = student.home / CHAPTER / "feedback" / (collected / "timestamp.txt").read_text() / f"{CHAPTER}.html"
    expect(panel.locator("#submitted_assignments_list")).to_contain_text("view feedback", timeout=60_000)
    assert fetched.read_bytes() == returned.read_bytes()
    assert tab.errors == [], f"uncaught errors in the page: {tab.errors}"
