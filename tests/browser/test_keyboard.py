"""A whole chapter answered with the keyboard alone in JupyterLab: the non-drag path is usable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from browser.answering import SavedAnswers, canonical
from browser.grading import GradingCourse
from browser.keyboard import COUNT_POINTER, Keyboard
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer
from coursekit.notebooks.keys import reference_answer

CHAPTER = "ch03"  # every widget kind, with several buckets and orderings


@pytest.mark.browser
def test_chapter_answered_with_keyboard_only_saves_reference_answers(
    page: Page,
    lab: JupyterServer,
    open_chapter: Callable[[JupyterServer, str], NotebookTab],
    course: GradingCourse,
) -> None:
    """With Tab, Shift+Tab, arrows, Space, Enter and typing only, does every reference answer reach answers.json?"""
    page.add_init_script(COUNT_POINTER)
    tab = open_chapter(lab, CHAPTER)
    keys = course.keys(CHAPTER)
    keyboard = Keyboard(page)
    keyboard.run_all_cells()
    tab.wait_until_ran([key.exercise_id for key in keys])
    saved = SavedAnswers(tab.folder)
    for key in keys:
        keyboard.answer(tab.widget(key.exercise_id), key, saved)
    answers = saved.read()
    for key in keys:
        assert canonical(key.kind, answers[key.exercise_id]) == canonical(key.kind, reference_answer(key))
    assert page.evaluate("window.pointerPresses") == 0, "the mouse was used"
    assert tab.errors == [], f"uncaught errors in the page: {tab.errors}"
    print(f"{len(keys)} exercises answered with {keyboard.presses} key presses")
