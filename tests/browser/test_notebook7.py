"""A chapter answered in Jupyter Notebook 7 (the classic-looking interface), then submitted and graded."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.grading import GradingCourse
from browser.journey import complete_chapter
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer

CHAPTER = "ch02"  # every widget kind, buckets and ordering included


@pytest.mark.browser
def test_chapter_answered_in_notebook7_keeps_answers_and_earns_full_points(
    notebook7: JupyterServer,
    open_chapter: Callable[[JupyterServer, str], NotebookTab],
    course: GradingCourse,
    student: str,
) -> None:
    """Answered right in Notebook 7, are a chapter's answers saved, shown after a restart and fully graded?"""
    tab = open_chapter(notebook7, CHAPTER)
    assert tab.page.url.endswith(f"/notebooks/{tab.path}")
    complete_chapter(tab, course, CHAPTER, student, drag_first=False)
