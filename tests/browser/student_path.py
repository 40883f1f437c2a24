"""The student's path through nbgrader's exchange for any chapter: the Assignments tab, answers given partly with
the mouse and partly with the keyboard (so both paths reach answers.json in one widget), a written answer typed in.

`assignments_tab` and `chapter_button` take the chapter's name; test_assignments_panel.py's own two (for ch01
only) could use them."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from typing import Any

from playwright.sync_api import Locator, Page, expect

from browser.answering import SavedAnswers, place_item, placed_in, put_in_order, settle, shown_order
from browser.keyboard import Keyboard
from browser.notebook_tab import STARTUP_MS
from browser.server import JupyterServer, free_port, server_command
from coursekit.notebooks.keys import Key
from exchange_class import Classroom, Student, as_user

__all__ = [
    "StudentLab",
    "as_given",
    "assignments_tab",
    "chapter_button",
    "order_by_mouse_and_keyboard",
    "sort_by_mouse_and_keyboard",
    "validate_in_tab",
    "write_answer",
]


class StudentLab(JupyterServer):
    """`jupyter lab` run by a student (runuser) in their home, reading the server-wide nbgrader configuration."""

    def __init__(self, room: Classroom, student: Student) -> None:
        self.app, self.root, self.state, self.theme = "lab", student.home, student.home / ".lab-state", None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.state / "server.log"
        self._write_settings()
        subprocess.run(["chown", "-R", f"{student.uid}:{student.gid}", str(self.state)], check=True)
        env = room.env(
            student.home,
            JUPYTER_CONFIG_PATH=str(room.system_config),
            JUPYTERLAB_SETTINGS_DIR=str(self.state / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.state / "workspaces"),
        )
        command = [*as_user(student.name), *server_command("lab", self.port, student.home, allow_root=False)]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=student.home, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_until_ready()


def assignments_tab(page: Page, lab: JupyterServer, chapter: str) -> Locator:
    """Open JupyterLab and, from the Nbgrader menu, the Assignments tab; wait until it lists the chapter."""
    page.goto(f"{lab.url}/lab/workspaces/assignments")
    page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile("^Nbgrader$")).click(timeout=STARTUP_MS)
    page.locator(".lm-Menu .lm-Menu-itemLabel").filter(has_text=re.compile("^Assignment List$")).click()
    expect(page.locator(".lm-TabBar-tabLabel").filter(has_text=re.compile("^Assignments$"))).to_be_visible()
    panel = page.locator("#nbgrader-assignment-list")
    expect(panel.locator(".list_item").filter(has_text=chapter).first).to_be_visible(timeout=60_000)
    return panel


def chapter_button(panel: Locator, listing: str, chapter: str, name: str) -> Locator:
    """A chapter's button in one of the tab's lists: released, fetched (downloaded) or submitted."""
    item = panel.locator(f"#{listing}_assignments_list > .list_item").filter(has_text=chapter).first
    return item.get_by_role("button", name=name, exact=True)


def validate_in_tab(page: Page, panel: Locator, chapter: str) -> Locator:
    """Validate the fetched chapter's notebook with its button in the tab; the dialog's message once shown."""
    panel.locator("#fetched_assignments_list a.assignment-notebooks-link").filter(has_text=chapter).click()
    panel.locator("#fetched_assignments_list .nested_list_item").get_by_role("button", name="Validate").click()
    message = page.locator(".jp-Dialog").filter(has_text="Validation Results").locator("#validation-message")
    expect(message).to_be_visible(timeout=120_000)  # validate runs the whole notebook in a new kernel
    return message


def as_given(key: Key, given: Any) -> Key:
    """The key as if `given` were right: the answering helpers, which give a key's reference answer, then give
    `given` (a partly wrong answer, say), checking answers.json after each step as usual."""
    if key.kind == "multiple_choice":
        return dataclasses.replace(key, key={option: option in given for option in key.key})
    return dataclasses.replace(key, key=given)


def sort_by_mouse_and_keyboard(
    widget: Locator, key: Key, given: dict[str, list[str]], saved: SavedAnswers, keyboard: Keyboard
) -> tuple[list[str], list[str]]:
    """Place the items into buckets as `given`, dragging every other item and picking the others' bucket from
    their bucket list with the arrow keys; (items dragged, items placed by keyboard)."""
    settle(widget)
    dragged: list[str] = []
    typed: list[str] = []
    moves = [(item, bucket) for bucket, items in given.items() for item in items]
    for index, (item, bucket) in enumerate(moves):
        if index % 2 == 0:
            place_item(widget, item, bucket, drag=True)
            dragged.append(item)
        else:
            keyboard.pick_bucket(widget, item, bucket)
            typed.append(item)
        saved.wait_for(key.exercise_id, placed_in(item, bucket), f"{item} in {bucket}")
    saved.wait_for_answer(key, given)
    return dragged, typed


def order_by_mouse_and_keyboard(
    widget: Locator, key: Key, given: list[str], saved: SavedAnswers, keyboard: Keyboard
) -> list[str]:
    """Bring the first item shown out of place to its slot by dragging it, then the rest up with the keyboard's
    move-up buttons; the order after the drag (which must still need the keyboard, so both paths are used)."""
    settle(widget)
    order = shown_order(widget)
    slot = next(index for index, item in enumerate(given) if order[index] != item)
    after_drag = list(order)
    after_drag.insert(slot, after_drag.pop(after_drag.index(given[slot])))
    assert after_drag != given, f"one drag puts {order} in the given order: the keyboard would not be used"
    put_in_order(widget, key, after_drag, saved, drag=True)
    keyboard.put_in_order(widget, key, given, saved)
    saved.wait_for_answer(key, given)
    return after_drag


# The index, in the open notebook's model, of the cell with this nbgrader grade_id (-1 when none has it).
CELL_INDEX = """(gradeId) => [...window.jupyterapp.shell.currentWidget.content.model.cells]
  .findIndex((cell) => cell.getMetadata('nbgrader')?.grade_id === gradeId)"""


def write_answer(page: Page, grade_id: str, text: str) -> None:
    """Write a one-line answer in a written-answer (Markdown) cell: double-click its "YOUR ANSWER HERE" and click
    in the editor that opens, replace the text by typing, and render the cell with Ctrl+Enter."""
    index = page.evaluate(CELL_INDEX, grade_id)
    assert index >= 0, f"the notebook has no cell {grade_id}"
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    placeholder = cell.locator(".jp-RenderedMarkdown")
    expect(placeholder).to_contain_text("YOUR ANSWER HERE")
    placeholder.dblclick()  # opens the editor, though without the focus: a click in it gives it
    editor = cell.locator(".cm-content")
    editor.click()
    expect(editor).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")  # renders in place: Shift+Enter on the last cell would add a cell
    expect(cell.locator(".jp-RenderedMarkdown")).to_have_text(text)
