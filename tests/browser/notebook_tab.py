"""A chapter notebook open in JupyterLab or Notebook 7, driven through its menus as a student does."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Error, Locator, Page

from browser.server import JupyterServer

STARTUP_MS = 120_000  # first page load, kernel start and a Run All share two cores with the rest of the suite

# Errors the Jupyter front-ends raise by themselves (message, where): Notebook 7.6 fails to read a settings
# schema while it starts, whichever extensions are enabled. Any other uncaught error fails the test.
KNOWN_ERRORS = [("Cannot read properties of undefined (reading 'schema')", "/static/notebook/notebook_core.")]
# True once the notebook's kernel is connected (its name shown) and idle: before that, Run All opens a dialog.
KERNEL_READY = """() => {
  const name = document.querySelector('.jp-NotebookPanel .jp-KernelName');
  const status = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return !!name && !!status && !/No Kernel|Starting|Connecting|Restarting/i.test(name.textContent)
    && status.dataset.status === 'idle';
}"""
# The open notebook's code cells, from the application's model (servers start with expose_app_in_browser, as
# JupyterLab's own Galata tests do): a collapsed cell's input, prompt included, is not in the page at all.
CODE_CELLS = """() => [...(window.jupyterapp.shell.currentWidget?.content?.model?.cells ?? [])]
  .filter((cell) => cell.type === 'code')"""
# True once every code cell has run, the kernel is idle, each listed exercise shows a widget and none is left
# over from before a restart (those are marked stale by restart_and_run_all).
ALL_RAN = f"""(ids) => {{
  const cells = ({CODE_CELLS})();
  const status = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return cells.length > 0 && cells.every((cell) => cell.executionCount !== null)
    && status?.dataset.status === 'idle' && !document.querySelector('[data-exercise][data-stale]')
    && ids.every((id) => document.querySelector(`[data-exercise="${{CSS.escape(id)}}"]`));
}}"""
# (code cells shown, those shown with their input collapsed to a placeholder bar), once every code cell of the
# model is in the page: the kernel can be idle before JupyterLab has drawn the cells (it draws them in batches).
COLLAPSED = f"""() => {{
  const cells = ({CODE_CELLS})().length;
  const shown = document.querySelectorAll('.jp-Notebook .jp-CodeCell').length;
  const collapsed = document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPlaceholder').length;
  return cells > 0 && shown === cells ? [shown, collapsed] : null;
}}"""
# What an exercise widget shows as the student's answer, in answers.json's shape.
SHOWN = """(root) => {
  const items = (node) => [...node.querySelectorAll('li.ck-item')].map((li) => li.dataset.item);
  if (root.classList.contains('ck-buckets')) {
    const value = {};
    for (const zone of root.querySelectorAll('.ck-zone:not([data-bucket=""])')) {
      if (items(zone).length) value[zone.dataset.bucket] = items(zone);
    }
    return value;
  }
  if (root.classList.contains('ck-ordering')) return root.querySelector('.ck-keep').hidden ? items(root) : [];
  if (root.classList.contains('ck-fill-in')) return root.querySelector('input.ck-text').value;
  const picked = [...root.querySelectorAll('input:checked')].map((input) => input.value);
  return root.querySelector('input[type=checkbox]') ? picked : (picked[0] ?? null);
}"""


class NotebookTab:
    """One notebook in one browser page; `folder` is the notebook's folder on disk (where answers.json lands)."""

    def __init__(self, page: Page, server: JupyterServer, notebook: Path) -> None:
        self.page, self.server, self.notebook = page, server, notebook
        self.folder = notebook.parent
        self.path = notebook.relative_to(server.root).as_posix()
        self.errors: list[str] = []  # uncaught JavaScript errors in the page, e.g. from a widget
        page.on("pageerror", self._record)

    def _record(self, error: Error) -> None:
        text = f"{error.message}\n{error.stack}"
        if not any(message in text and where in text for message, where in KNOWN_ERRORS):
            self.errors.append(text)

    def open(self) -> NotebookTab:
        """Load the notebook page and wait until its kernel is connected and idle, in the server's theme."""
        self.page.goto(self.server.notebook_url(self.path, workspace=self.folder.name))
        self.page.wait_for_function(KERNEL_READY, timeout=STARTUP_MS)
        if self.server.theme:
            theme = self.page.evaluate("() => document.body.dataset.jpThemeName")
            assert theme == self.server.theme, f"the page shows the theme {theme!r}, not {self.server.theme!r}"
        return self

    def menu(self, top: str, item: str) -> None:
        """Choose a command from the menu bar, e.g. Run ▸ Run All Cells."""
        self.page.locator(".lm-MenuBar-itemLabel").filter(has_text=re.compile(f"^{re.escape(top)}$")).click()
        label = re.compile(f"^{re.escape(item)}$")
        self.page.locator(".lm-Menu .lm-Menu-itemLabel").filter(has_text=label).click()

    def run_all(self, exercise_ids: list[str]) -> None:
        """Run ▸ Run All Cells, and wait until every cell ran and every exercise shows its widget."""
        self.menu("Run", "Run All Cells")
        self.wait_until_ran(exercise_ids)

    def restart_and_run_all(self, exercise_ids: list[str]) -> None:
        """Kernel ▸ Restart Kernel and Run All Cells…, confirmed; wait for new widgets in place of the old."""
        self.page.evaluate("() => document.querySelectorAll('[data-exercise]').forEach((n) => n.dataset.stale = '1')")
        self.menu("Kernel", "Restart Kernel and Run All Cells…")
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.wait_until_ran(exercise_ids)
        first = self.page.evaluate(f"() => ({CODE_CELLS})()[0].executionCount")
        assert first == 1, f"the kernel was not restarted: the first cell ran as [{first}]"

    def wait_until_ran(self, exercise_ids: list[str]) -> None:
        self.page.wait_for_function(ALL_RAN, arg=exercise_ids, timeout=STARTUP_MS)
        errors = self.page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert errors.count() == 0, f"cells wrote errors or warnings: {errors.all_inner_texts()}"

    def save(self) -> None:
        """File ▸ Save Notebook (as a student does before handing in); wait until the file on disk is complete.

        Jupyter writes the notebook in place, keeping the old one as `.~<name>` until the write is done.
        """
        before = self.notebook.stat().st_mtime_ns
        backup = self.notebook.with_name(f".~{self.notebook.name}")
        self.menu("File", "Save Notebook")
        deadline = time.monotonic() + 120
        while self.notebook.stat().st_mtime_ns == before or backup.exists() or not self._complete():
            assert time.monotonic() < deadline, f"{self.notebook} was not saved"
            time.sleep(0.05)

    def _complete(self) -> bool:
        try:
            json.loads(self.notebook.read_text(encoding="utf-8"))
        except ValueError:
            return False
        return True

    def collapsed_inputs(self) -> tuple[int, int]:
        """(code cells, code cells whose input is collapsed): what a student sees of the notebook's code."""
        shown, collapsed = self.page.wait_for_function(COLLAPSED, timeout=STARTUP_MS).json_value()
        return int(shown), int(collapsed)

    def widget(self, exercise_id: str) -> Locator:
        return self.page.locator(f'[data-exercise="{exercise_id}"]')

    def shown(self, exercise_id: str) -> Any:
        """The answer an exercise's widget shows, in answers.json's shape."""
        return self.widget(exercise_id).evaluate(SHOWN)
