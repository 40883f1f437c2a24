"""The student's whole path, as a real Unix user, through nbgrader's real exchange: the instructor releases the
test chapter ps1 (every exercise kind); the student fetches it in JupyterLab's Assignments tab, answers every kind,
some parts by dragging and some by keyboard, restarts the kernel, validates and submits; the instructor collects
and grades, and the gradebook holds, per exercise, exactly what the answers deserve."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Page, expect

from browser.answering import SavedAnswers, answer, canonical
from browser.journey import expect_shown
from browser.keyboard import Keyboard
from browser.notebook_tab import NotebookTab
from browser.student_path import (
    StudentLab,
    as_given,
    assignments_tab,
    chapter_button,
    order_by_mouse_and_keyboard,
    sort_by_mouse_and_keyboard,
    validate_in_tab,
    write_answer,
)
from coursekit.notebooks.keys import read_keys
from exchange_class import Classroom, classroom, unix_students
from gradebook_reader import marks, total
from readme_commands import CLASS, block, for_chapter
from tiny_course import write_tiny_course

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]

CHAPTER = "ps1"  # tests/tiny_course.py: one exercise of each kind, and an essay graded by hand
ESSAY = "Resting lets the gluten relax, so the dough stretches without tearing."
# What the student gives, partly wrong on purpose so partial credit shows (ps1's keys: tests/tiny_course.py).
GIVEN: dict[str, Any] = {
    "ps1.sort": {"Fruit": ["Apple", "Pear", "Leek"], "Vegetable": ["Carrot"]},  # Leek is a vegetable
    "ps1.pick": "Roast",  # the key
    "ps1.many": ["Salt", "Sugar"],  # Flour, also right, left unticked
    "ps1.order": ["Weigh", "Bake", "Knead", "Slice"],  # Bake and Knead swapped
    "ps1.term": "Levain",  # an accepted term, in another case than the key's
}
EXPECTED = {  # points per test cell, by the rules of src/coursekit/scoring/rules.py
    # buckets, 2 points: 3 of 4 items right, observed agreement 3/4; chance from the student's bucket sizes (3 key
    # items put in Fruit, 1 in Vegetable; the key has 2 in each): (2*3 + 2*1) / 4**2 = 1/2; kappa (3/4 - 1/2) /
    # (1 - 1/2) = 1/2; credit above chance (1/2 - 1/3) / (1 - 1/3) = 1/4 of 2 points
    "sort-test": 0.5,
    "pick-test": 1.0,  # single choice, 1 point: the key, all of it
    # multiple choice, 3 points: 2 of 3 right options ticked, 0 of 1 wrong: J = 2/3 - 0 = 2/3; credit
    # (2/3 - 1/3) / (2/3) = 1/2 of 3 points
    "many-test": 1.5,
    # ordering, 3 points: 5 of 6 pairs in order, 1 reversed (Bake, Knead): tau (5 - 1) / 6 = 2/3; credit
    # (2/3 - 1/3) / (2/3) = 1/2 of 3 points
    "order-test": 1.5,
    "term-test": 1.0,  # fill in, 1 point: "levain" is accepted, case ignored
}


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Classroom]:
    """A server with one student, set up and with ps1 released to the exchange with the README's commands."""
    private = tmp_path_factory.mktemp("student-path-instructor")
    with (
        unix_students(["erin"]) as students,
        classroom(write_tiny_course(private / "course"), private / "home", students) as room,
    ):
        room.system_wide(block(CLASS, "set-up"))
        room.instructor(for_chapter(block(CLASS, "release"), CHAPTER))
        yield room


@pytest.fixture
def student_lab(room: Classroom) -> Iterator[StudentLab]:
    server = StudentLab(room, room.students["erin"])
    yield server
    server.stop()


def test_student_path_through_the_exchange_is_graded_as_answered(
    page: Page, student_lab: StudentLab, room: Classroom
) -> None:
    """Fetched in the Assignments tab by a Unix user, answered by mouse and keyboard, kept over a kernel restart,
    validated and submitted there, then collected and graded: does each exercise get exactly its points?"""
    student = room.students["erin"]
    keys = {key.exercise_id: key for key in read_keys(room.course / "source" / CHAPTER / f"{CHAPTER}.ipynb").values()}
    assert sorted(keys) == sorted(GIVEN), "ps1 changed: update GIVEN and EXPECTED"
    given = {exercise_id: as_given(keys[exercise_id], value) for exercise_id, value in GIVEN.items()}

    # 1. fetch in the Assignments tab, and open the notebook
    panel = assignments_tab(page, student_lab, CHAPTER)
    chapter_button(panel, "released", CHAPTER, "Fetch").click()
    expect(chapter_button(panel, "fetched", CHAPTER, "Submit")).to_be_visible(timeout=60_000)
    notebook = student.home / CHAPTER / f"{CHAPTER}.ipynb"
    assert notebook.stat().st_uid == student.uid
    tab = NotebookTab(page, student_lab, notebook).open()
    tab.run_all(list(keys))

    # 2. answer: buckets and ordering partly by dragging and partly by keyboard, the others one way each
    saved = SavedAnswers(notebook.parent)
    keyboard = Keyboard(page)
    dragged, typed = sort_by_mouse_and_keyboard(
        tab.widget("ps1.sort"), given["ps1.sort"], GIVEN["ps1.sort"], saved, keyboard
    )
    assert dragged and typed, (dragged, typed)
    order_by_mouse_and_keyboard(tab.widget("ps1.order"), given["ps1.order"], GIVEN["ps1.order"], saved, keyboard)
    answer(tab.widget("ps1.pick"), given["ps1.pick"], saved, drag=False)  # a click on the radio button
    answer(tab.widget("ps1.many"), given["ps1.many"], saved, drag=False)  # clicks on the check boxes
    keyboard.answer(tab.widget("ps1.term"), given["ps1.term"], saved)  # Tab to the field, type, Enter
    on_disk = saved.read()
    assert {exercise_id: canonical(keys[exercise_id].kind, value) for exercise_id, value in on_disk.items()} == {
        exercise_id: canonical(keys[exercise_id].kind, value) for exercise_id, value in GIVEN.items()
    }
    assert saved.path.stat().st_uid == student.uid, "answers.json was not written by the student's kernel"
    write_answer(page, "essay", ESSAY)  # validate fails while a written answer is left as released

    # 3. restart the kernel: the widgets show the answers again, read back from answers.json
    tab.restart_and_run_all(list(keys))
    expect_shown(tab, list(given.values()))
    tab.save()
    cells = nbformat.read(notebook, as_version=4).cells
    assert [cell.source for cell in cells if cell.metadata.get("nbgrader", {}).get("grade_id") == "essay"] == [ESSAY]

    # 4. validate and submit in the Assignments tab
    panel = assignments_tab(page, student_lab, CHAPTER)
    message = validate_in_tab(page, panel, CHAPTER)
    expect(message).to_have_class(re.compile(r"\bvalidation-success\b"))
    expect(message).to_contain_text("Success! Your notebook passes all the tests.")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    chapter_button(panel, "fetched", CHAPTER, "Submit").click()
    expect(chapter_button(panel, "submitted", CHAPTER, "Fetch Feedback")).to_be_visible(timeout=60_000)

    # 5. the instructor collects and grades with the README's commands
    room.instructor(for_chapter(block(CLASS, "collect"), CHAPTER))
    collected = room.course / "submitted" / student.name / CHAPTER
    assert json.loads((collected / "answers.json").read_text(encoding="utf-8")) == on_disk
    assert ESSAY in (collected / f"{CHAPTER}.ipynb").read_text(encoding="utf-8")
    graded = {cell: mark for (who, _, cell), mark in marks(room.course, CHAPTER).items() if who == student.name}
    assert {cell: mark.auto for cell, mark in graded.items() if mark.cell_type == "code"} == pytest.approx(EXPECTED)
    assert (graded["essay"].auto, graded["essay"].manual) == (None, None), "the essay waits for a grader"
    assert total(room.course, student.name, CHAPTER) == pytest.approx(5.5)  # 0.5 + 1 + 1.5 + 1.5 + 1
    assert tab.errors == [], f"uncaught errors in the page: {tab.errors}"
