"""A student on a touch screen: items dragged with a finger (pointer events, since HTML5 drag-and-drop never fires
on touch), and the lists and buttons still working by tapping."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser.answering import SavedAnswers, answer, centre, equals, shown_order
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer
from browser.tiny_chapter import hand_out_ps1, widgets_only
from browser.touch import touch_drag

# Counts presses on items by kind of pointer, to prove the items were dragged by touch alone.
COUNT_PRESSES_ON_ITEMS = """window.itemPresses = {};
addEventListener('pointerdown', (e) => {
  if (e.target.closest?.('li.ck-item')) itemPresses[e.pointerType] = (itemPresses[e.pointerType] || 0) + 1;
}, true);"""
TOUCH = {"has_touch": True}


@pytest.mark.browser
@pytest.mark.parametrize("page", [TOUCH], indirect=True)
def test_buckets_and_ordering_answered_by_dragging_with_a_finger(
    page: Page, lab: JupyterServer, student: str, open_notebook: Callable[[JupyterServer, Path], NotebookTab]
) -> None:
    """Dragged by touch onto buckets and into order, do the answers reach answers.json?"""
    page.add_init_script(COUNT_PRESSES_ON_ITEMS)
    notebook, keys = hand_out_ps1(lab.root / student, keep=widgets_only)
    tab = open_notebook(lab, notebook)
    tab.run_all([key.exercise_id for key in keys])
    saved = SavedAnswers(tab.folder)
    dragged = [key for key in keys if key.kind in ("buckets", "ordering")]
    assert {key.kind for key in dragged} == {"buckets", "ordering"}
    for key in dragged:
        answer(tab.widget(key.exercise_id), key, saved, drag=True, dragger=touch_drag)
    presses = page.evaluate("window.itemPresses")
    assert presses.get("touch", 0) > 0 and set(presses) == {"touch"}, f"items pressed by: {presses}"
    assert tab.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("page", [TOUCH], indirect=True)
def test_a_tap_still_moves_a_step_and_a_slide_off_an_item_drops_nothing(
    page: Page, lab: JupyterServer, student: str, open_notebook: Callable[[JupyterServer, Path], NotebookTab]
) -> None:
    """On a touch screen, does tapping ↑ move a step (the non-drag path), and does a finger slid from an item to
    outside any target leave the answer as it was?"""
    notebook, keys = hand_out_ps1(lab.root / student, keep=widgets_only)
    tab = open_notebook(lab, notebook)
    tab.run_all([key.exercise_id for key in keys])
    key = next(key for key in keys if key.kind == "ordering")
    widget = tab.widget(key.exercise_id)
    saved = SavedAnswers(tab.folder)
    order = shown_order(widget)
    page.touchscreen.tap(*centre(widget.get_by_role("button", name=f"Move {order[1]} up", exact=True)))
    order[0], order[1] = order[1], order[0]
    saved.wait_for(key.exercise_id, equals(order), f"{order[0]} moved up by a tap")
    touch_drag(widget.locator("li.ck-item").first, widget.locator(".ck-hint"))
    assert not widget.locator(".ck-dragging, .ck-over").count(), "the drag left an item lifted or a slot lit"
    # the next change's save shows whether the slide moved anything: the slide's would have been saved first.
    # (A click, not a tap: Chromium takes a tap right after a finger is lifted as part of the same gesture.)
    widget.get_by_role("button", name=f"Move {order[0]} down", exact=True).click()
    order[0], order[1] = order[1], order[0]
    saved.wait_for(key.exercise_id, equals(order), f"only {order[1]} moved down, nothing by the slide")
    assert tab.errors == []
