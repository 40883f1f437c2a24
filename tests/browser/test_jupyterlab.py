"""Every chapter answered in JupyterLab as a student does, then submitted and graded by real nbgrader."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.grading import GradingCourse
from browser.journey import complete_chapter
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer
from repo import quiz_chapters

CHAPTERS = quiz_chapters()


@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_answered_in_jupyterlab_keeps_answers_and_earns_full_points(
    chapter: str,
    lab: JupyterServer,
    open_chapter: Callable[[JupyterServer, str], NotebookTab],
    course: GradingCourse,
    student: str,
) -> None:
    """Answered right in JupyterLab, are a chapter's answers saved, shown after a restart and fully graded?"""
    tab = open_chapter(lab, chapter)
    complete_chapter(tab, course, chapter, student, drag_first=CHAPTERS.index(chapter) % 2 == 0)
