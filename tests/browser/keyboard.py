"""Answering exercises with the keyboard alone: Tab and Shift+Tab to move, arrows, Space, Enter and typing."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from browser.answering import SavedAnswers, equals, placed_in, shown_order
from coursekit.notebooks.keys import Key, reference_answer

# Where the keyboard focus is relative to a target: on it (or inside it, when asked), before it or after it.
FOCUS = """(target, inside) => {
  const focus = document.activeElement;
  if (focus === target || (inside && target.contains(focus))) return 'here';
  if (!focus || focus === document.body) return 'before';
  return focus.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 'before' : 'after';
}"""
# Counts pointer presses in the page, to prove afterwards that no mouse was used.
COUNT_POINTER = "window.pointerPresses = 0; addEventListener('pointerdown', () => window.pointerPresses++, true);"


class Keyboard:
    """A student who uses no mouse; `presses` counts the keys pressed."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.presses = 0

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.presses += 1

    def tab_to(self, target: Locator, *, inside: bool = False, limit: int = 300) -> None:
        """Tab forwards or backwards until the focus is on the target (or inside it)."""
        for _ in range(limit):
            where = target.evaluate(FOCUS, inside)
            if where == "here":
                return
            self.press("Tab" if where == "before" else "Shift+Tab")
        raise AssertionError(f"{target} cannot be reached with Tab and Shift+Tab")

    def run_all_cells(self) -> None:
        """Run All Cells from the command palette (Ctrl+Shift+C), the keyboard way to reach any menu command.

        Typing waits until the palette has the focus, as a student looks before typing: keys typed into the
        notebook instead would be taken as cell commands.
        """
        self.press("Control+Shift+C")
        self.page.locator(".lm-CommandPalette-input:focus").wait_for()
        self.page.keyboard.type("Run All Cells")
        active = self.page.locator(".lm-CommandPalette-item.lm-mod-active .lm-CommandPalette-itemLabel")
        active.filter(has_text=re.compile(r"^Run All Cells$")).wait_for()
        self.press("Enter")

    def answer(self, widget: Locator, key: Key, saved: SavedAnswers) -> None:
        """Give the reference answer with the keyboard, checking answers.json after each step."""
        right = reference_answer(key)
        if key.kind == "buckets":
            for bucket, items in right.items():
                for item in items:
                    self.pick_bucket(widget, item, bucket)
                    saved.wait_for(key.exercise_id, placed_in(item, bucket), f"{item} in {bucket}")
        elif key.kind == "ordering":
            self.put_in_order(widget, key, right, saved)
        elif key.kind == "single_choice":
            self.pick_radio(widget, right)
        elif key.kind == "multiple_choice":
            for option in right:
                self.tab_to(widget.get_by_role("checkbox", name=option, exact=True))
                self.press("Space")
        elif key.kind == "fill_in":
            self.tab_to(widget.locator("input.ck-text"))
            self.page.keyboard.type(right)
            self.press("Enter")
        saved.wait_for_answer(key, right)

    def pick_bucket(self, widget: Locator, item: str, bucket: str) -> None:
        """Focus the item's bucket list and step to the bucket with the arrow keys (each step is saved)."""
        picker = widget.get_by_role("combobox", name=f"Bucket for {item}", exact=True)
        self.tab_to(picker)
        labels: list[str] = picker.evaluate("(select) => [...select.options].map((option) => option.value)")
        steps = labels.index(bucket) - labels.index(picker.input_value())
        self.press("ArrowDown" if steps > 0 else "ArrowUp", abs(steps))

    def pick_radio(self, widget: Locator, option: str) -> None:
        """Tab into the option group, then arrow to the option (arrows pick as they move) or press Space on it."""
        self.tab_to(widget.locator("fieldset"), inside=True)
        options: list[str] = widget.locator("input[type=radio]").evaluate_all("(radios) => radios.map((r) => r.value)")
        focused = options.index(self.page.evaluate("() => document.activeElement.value"))
        steps = options.index(option) - focused
        if steps:
            self.press("ArrowDown" if steps > 0 else "ArrowUp", abs(steps))
        else:
            self.press("Space")

    def put_in_order(self, widget: Locator, key: Key, right: list[str], saved: SavedAnswers) -> None:
        """Move each item up to its slot with its up button, pressing Enter and Space in turn (focus stays on it)."""
        order = shown_order(widget)
        if order == right:  # already in order: confirm it as shown
            self.tab_to(widget.locator(".ck-keep"))
            self.press("Enter")
        for slot, item in enumerate(right):
            start = order.index(item)
            if start == slot:
                continue
            self.tab_to(widget.get_by_role("button", name=f"Move {item} up", exact=True))
            for position in range(start, slot, -1):
                self.press("Enter" if position % 2 else "Space")
                order[position - 1], order[position] = order[position], order[position - 1]
                saved.wait_for(key.exercise_id, equals(order), f"{item} moved up")
