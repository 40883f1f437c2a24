"""A whole chapter answered with the keyboard alone in JupyterLab: the non-drag path is usable, and each move is
announced to screen readers with the focus kept on the moved item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from browser.answering import SavedAnswers, canonical, shown_order
from browser.grading import GradingCourse
from browser.keyboard import COUNT_POINTER, Keyboard
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer
from browser.tiny_chapter import hand_out_ps1, widgets_only
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


def announced(widget: Locator, message: str) -> None:
    """The widget's polite live region says exactly this (what a screen reader reads out after a move)."""
    expect(widget.locator("[aria-live=polite]")).to_have_text(message)


def focused_control(page: Page) -> str | None:
    """The accessible name of the focused control: a bucket list's or a button's label."""
    name: str | None = page.evaluate("() => document.activeElement?.getAttribute('aria-label')")
    return name


@pytest.mark.browser
def test_keyboard_moves_are_announced_and_the_focus_stays_on_the_moved_item(
    page: Page, lab: JupyterServer, student: str, open_notebook: Callable[[JupyterServer, Path], NotebookTab]
) -> None:
    """After each keyboard move, does the live region say what happened and where things stand, with the focus
    still on the item that moved, even when it reaches the top or the bottom?"""
    notebook, keys = hand_out_ps1(lab.root / student, keep=widgets_only)
    tab = open_notebook(lab, notebook)
    tab.run_all([key.exercise_id for key in keys])
    keyboard = Keyboard(page)

    sort = tab.widget(next(key.exercise_id for key in keys if key.kind == "buckets"))
    keyboard.pick_bucket(sort, "Carrot", "Vegetable")
    announced(sort, "Carrot moved to Vegetable; 1 of 4 placed.")
    assert focused_control(page) == "Bucket for Carrot"
    keyboard.pick_bucket(sort, "Apple", "Fruit")
    announced(sort, "Apple moved to Fruit; 2 of 4 placed.")
    keyboard.pick_bucket(sort, "Apple", "")
    announced(sort, "Apple moved back to Not placed yet; 1 of 4 placed.")
    assert focused_control(page) == "Bucket for Apple"

    steps = tab.widget(next(key.exercise_id for key in keys if key.kind == "ordering"))
    first, second, third, last = shown_order(steps)
    keyboard.tab_to(steps.get_by_role("button", name=f"Move {third} up", exact=True))
    keyboard.press("Enter")
    announced(steps, f"{third} moved up to step 2 of 4.")
    assert focused_control(page) == f"Move {third} up"
    keyboard.press("Space")
    announced(steps, f"{third} moved up to step 1 of 4.")
    assert focused_control(page) == f"Move {third} down", "at the top, the focus goes to the item's other button"
    keyboard.tab_to(steps.get_by_role("button", name=f"Move {second} down", exact=True))
    keyboard.press("Enter")
    announced(steps, f"{second} moved down to step 4 of 4.")
    assert focused_control(page) == f"Move {second} up", "at the bottom, the focus goes to the item's other button"
    assert shown_order(steps) == [third, first, last, second]
