"""Answering exercises with the mouse and keyboard typing, checking answers.json on disk after every step."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator

from coursekit.notebooks.keys import Key, reference_answer

POLL_S = 0.02
# Resolves once an element has kept its place for a few animation frames. JupyterLab lays off-screen cells out
# lazily (CSS content-visibility) and scrolls the active cell into view, so a widget can still move just after
# it was scrolled to or its cell was activated; a drag planned before such a move misses its target.
SETTLED = """(node) => new Promise((resolve) => {
  let last = '', still = 0, frames = 0;
  const look = () => {
    const box = node.getBoundingClientRect(), now = `${box.x},${box.y},${box.width},${box.height}`;
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 3 || ++frames > 120) resolve(still >= 3); else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})"""


def canonical(kind: str, value: Any) -> Any:
    """An answer with the order that grading ignores taken out (items within a bucket, picked options)."""
    if kind == "buckets" and isinstance(value, dict):
        return {bucket: sorted(items) for bucket, items in value.items() if items}
    if kind == "multiple_choice" and isinstance(value, list):
        return sorted(value)
    return value


def css_string(text: str) -> str:
    """A CSS string literal (for attribute selectors on item names with quotes)."""
    return json.dumps(text, ensure_ascii=False)


def placed_in(item: str, bucket: str) -> Callable[[Any], bool]:
    """Is the item saved in the bucket?"""
    return lambda value: isinstance(value, dict) and item in value.get(bucket, [])


def includes(option: str) -> Callable[[Any], bool]:
    """Is the option among the saved picks?"""
    return lambda value: isinstance(value, list) and option in value


def equals(expected: Any) -> Callable[[Any], bool]:
    """Is exactly this saved (a copy is kept, so later changes to `expected` do not count)?"""
    kept = json.loads(json.dumps(expected))
    return lambda value: bool(value == kept)


class SavedAnswers:
    """The answers.json of one notebook folder, read fresh from disk on every look."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "answers.json"

    def read(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def wait_for(self, exercise_id: str, done: Callable[[Any], bool], what: str, timeout: float = 120) -> None:
        """Poll until the saved answer satisfies `done`; fail after `timeout` s (a ceiling for a slow machine, not
        an expected duration) saying what was expected and what is there."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.read().get(exercise_id)
            if done(value):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"answers.json never showed {what} for {exercise_id}; it holds {value!r}")
            time.sleep(POLL_S)

    def wait_for_answer(self, key: Key, answer: Any) -> None:
        want = canonical(key.kind, answer)
        self.wait_for(key.exercise_id, lambda value: canonical(key.kind, value) == want, f"{answer!r}")


def settle(widget: Locator) -> None:
    """Bring a widget into view, make its cell the active one (as a first click does) and let the layout settle."""
    widget.locator(".ck-status").click()
    widget.evaluate(SETTLED)


def centre(node: Locator) -> tuple[float, float]:
    box = node.bounding_box()
    assert box is not None, f"{node} is not displayed"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag_ends(source: Locator, target: Locator) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where a drag starts (the centre of the item's label) and ends (the centre of the target), both in view.

    Both are scrolled into view first and the drag then moves without scrolling: Playwright's drag_to scrolls
    the target into view after pressing the button, which moves the item under the pointer and drags another one.
    """
    target.scroll_into_view_if_needed()
    source.scroll_into_view_if_needed()
    source.evaluate(SETTLED)
    (x0, y0), (x1, y1) = centre(source.locator(".ck-label")), centre(target)
    height = (source.page.viewport_size or {"height": 0})["height"]
    assert 0 < y0 < height and 0 < y1 < height, "the item and where it goes do not fit in the window together"
    return (x0, y0), (x1, y1)


def drag_and_drop(source: Locator, target: Locator) -> None:
    """HTML5 drag-and-drop with the mouse, from an item's label to the centre of the target."""
    page = source.page
    (x0, y0), (x1, y1) = drag_ends(source, target)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 8, y0 + 8)  # past the drag threshold: the drag starts here
    page.mouse.move(x1, y1, steps=4)
    page.mouse.up()


Drag = Callable[[Locator, Locator], None]


def answer(widget: Locator, key: Key, saved: SavedAnswers, *, drag: bool, dragger: Drag = drag_and_drop) -> None:
    """Give the reference answer through the widget (dragging with `dragger`, or not), checking answers.json
    after each step."""
    right = reference_answer(key)
    settle(widget)
    if key.kind == "buckets":
        for bucket, items in right.items():
            for item in items:
                place_item(widget, item, bucket, drag=drag, dragger=dragger)
                saved.wait_for(key.exercise_id, placed_in(item, bucket), f"{item} in {bucket}")
    elif key.kind == "ordering":
        put_in_order(widget, key, right, saved, drag=drag, dragger=dragger)
    elif key.kind == "single_choice":
        widget.get_by_role("radio", name=right, exact=True).check()
    elif key.kind == "multiple_choice":
        for option in right:
            widget.get_by_role("checkbox", name=option, exact=True).check()
            saved.wait_for(key.exercise_id, includes(option), f"{option} picked")
    elif key.kind == "fill_in":
        field = widget.locator("input.ck-text")
        field.press_sequentially(right)
        field.press("Enter")
    else:
        raise ValueError(f"{key.exercise_id}: no way to answer a {key.kind} exercise")
    saved.wait_for_answer(key, right)


def place_item(widget: Locator, item: str, bucket: str, *, drag: bool, dragger: Drag = drag_and_drop) -> None:
    """Drop an item on a bucket, or pick the bucket from the item's own list."""
    if drag:
        chip = widget.locator(f"li.ck-item[data-item={css_string(item)}]")
        dragger(chip, widget.locator(f".ck-zone[data-bucket={css_string(bucket)}]"))
    else:
        widget.get_by_role("combobox", name=f"Bucket for {item}", exact=True).select_option(bucket)


def shown_order(widget: Locator) -> list[str]:
    order: list[str] = widget.locator("li.ck-item").evaluate_all("(items) => items.map((li) => li.dataset.item)")
    return order


def put_in_order(
    widget: Locator, key: Key, right: list[str], saved: SavedAnswers, *, drag: bool, dragger: Drag = drag_and_drop
) -> None:
    """Bring each item to its slot, top down: drop it on the item holding the slot, or press its up button."""
    order = shown_order(widget)
    if order == right:  # nothing to move: the student confirms the order as shown
        widget.locator(".ck-keep").click()
    for slot, item in enumerate(right):
        start = order.index(item)
        if start == slot:
            continue
        if drag:
            holder = order[slot]
            dragger(
                widget.locator(f"li.ck-item[data-item={css_string(item)}]"),
                widget.locator(f"li.ck-item[data-item={css_string(holder)}]"),
            )
            order.insert(slot, order.pop(start))
            saved.wait_for(key.exercise_id, equals(order), f"{item} dropped on {holder}")
            continue
        for position in range(start, slot, -1):
            widget.get_by_role("button", name=f"Move {item} up", exact=True).click()
            order[position - 1], order[position] = order[position], order[position - 1]
            saved.wait_for(key.exercise_id, equals(order), f"{item} moved up")
