"""Pictures of each widget kind, answered, as students see them in JupyterLab's light and dark themes
(docs/screenshots, docs/students.md).

The exercises are the test chapter ps1's, never the course's: a picture of a right answer must not give a key
away. Set COURSEKIT_UPDATE_SCREENSHOTS=1 to write the pictures into docs/screenshots/ (else a temporary folder).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser.answering import SavedAnswers, answer
from browser.notebook_tab import NotebookTab
from browser.pictures import pictures_folder, png_size
from browser.server import JupyterServer
from browser.tiny_chapter import hand_out_ps1, widgets_only
from coursekit.scoring.kinds import KINDS


@pytest.mark.browser
@pytest.mark.parametrize("page", [{"device_scale_factor": 2}], indirect=True)
@pytest.mark.parametrize(("server_name", "suffix"), [("lab", ""), ("lab_dark", "-dark")])
def test_each_widget_kind_pictured_answered(
    page: Page,
    server_name: str,
    suffix: str,
    request: pytest.FixtureRequest,
    student: str,
    tmp_path: Path,
    open_notebook: Callable[[JupyterServer, Path], NotebookTab],
) -> None:
    """Answered in JupyterLab's light and dark themes, can each widget kind be pictured on its own, sharp (two
    pixels per CSS pixel)?"""
    server: JupyterServer = request.getfixturevalue(server_name)
    notebook, keys = hand_out_ps1(server.root / student, keep=widgets_only)
    tab = open_notebook(server, notebook)
    tab.run_all([key.exercise_id for key in keys])
    out = pictures_folder(tmp_path)
    for key in keys:
        widget = tab.widget(key.exercise_id)
        answer(widget, key, SavedAnswers(tab.folder), drag=True)
        widget.locator(".ck-status").click()  # focus off the last control, as a student moving on
        box = widget.bounding_box()
        assert box is not None and box["height"] > 40
        shot = out / f"{key.kind}{suffix}.png"
        widget.screenshot(path=shot, animations="disabled")
        width, height = png_size(shot)
        assert abs(width - 2 * box["width"]) <= 4 and abs(height - 2 * box["height"]) <= 4, "not two pixels per point"
    pictured = {path.name for path in out.glob(f"*{suffix}.png") if path.stem.removesuffix(suffix) in KINDS}
    assert pictured == {f"{kind}{suffix}.png" for kind in KINDS}, "ps1 has no exercise of some kind"
    assert tab.errors == []


@pytest.mark.browser
def test_a_chapter_pictured_with_its_code_folded(
    page: Page,
    lab: JupyterServer,
    student: str,
    tmp_path: Path,
    open_notebook: Callable[[JupyterServer, Path], NotebookTab],
) -> None:
    """As released (hidden tests gone), does a chapter show reading and working widgets with every code cell
    folded to a bar, and can it be pictured so?"""
    notebook, keys = hand_out_ps1(lab.root / student, keep=lambda grade_id: not grade_id.endswith("-test"))
    tab = open_notebook(lab, notebook)
    shown, collapsed = tab.collapsed_inputs()
    assert shown == 2 * len(keys) and collapsed == shown
    tab.run_all([key.exercise_id for key in keys])
    answer(tab.widget(keys[0].exercise_id), keys[0], SavedAnswers(tab.folder), drag=True)
    assert tab.collapsed_inputs() == (shown, shown)
    cells = tab.page.locator(".jp-NotebookPanel .jp-Notebook")
    tab.page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").evaluate("(node) => node.scrollTo(0, 0)")
    shot = pictures_folder(tmp_path) / "chapter.png"
    tab.page.locator(".jp-NotebookPanel").screenshot(path=shot, animations="disabled")
    assert png_size(shot)[1] > 400 and cells.get_by_role("heading", name="Before you cook").is_visible()
    assert tab.errors == []
