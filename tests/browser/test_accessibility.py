"""axe-core on the exercise widgets of every chapter, in JupyterLab's light and dark themes and in Notebook 7.

Each chapter is checked with every other exercise of each kind already answered (restored from answers.json, as
after a restart) and the rest not yet answered, so both looks of every kind are checked in one run. The scope is
our widgets' roots: the Jupyter front-end's own chrome is not ours to fix.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser.accessibility import WIDGET_ROOTS, violations
from browser.answering import canonical
from browser.grading import GradingCourse
from browser.notebook_tab import NotebookTab
from browser.server import JupyterServer
from browser.tiny_chapter import hand_out_ps1, widgets_only
from coursekit.course import Course
from coursekit.notebooks.keys import Key, read_keys, reference_answer
from coursekit.scoring.kinds import KINDS
from repo import COURSE, quiz_chapters

CHAPTERS = quiz_chapters()
FRONT_ENDS = ["lab", "lab_dark", "notebook7"]  # fixtures of tests/browser/conftest.py


def answer_every_other(folder: Path, keys: list[Key]) -> dict[str, Any]:
    """Write answers.json with the reference answer of the first, third, … exercise of each kind."""
    given: dict[str, Any] = {}
    seen: dict[str, int] = defaultdict(int)
    for key in keys:
        if seen[key.kind] % 2 == 0:
            given[key.exercise_id] = reference_answer(key)
        seen[key.kind] += 1
    (folder / "answers.json").write_text(json.dumps(given), encoding="utf-8")
    return given


def test_the_chapters_hold_every_kind() -> None:
    """Checking every chapter checks every widget kind."""
    course = Course(COURSE)
    kinds = {key.kind for chapter in CHAPTERS for key in read_keys(course.source_notebook(chapter)).values()}
    assert kinds == set(KINDS)


@pytest.mark.browser
@pytest.mark.parametrize("front_end", FRONT_ENDS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_widget_of_a_chapter_passes_axe(
    chapter: str,
    front_end: str,
    request: pytest.FixtureRequest,
    open_chapter: Callable[[JupyterServer, str], NotebookTab],
    course: GradingCourse,
) -> None:
    """With some exercises answered and some not, do all of a chapter's widgets pass axe's WCAG 2.1 A/AA rules?"""
    server: JupyterServer = request.getfixturevalue(front_end)
    tab = open_chapter(server, chapter)
    keys = course.keys(chapter)
    given = answer_every_other(tab.folder, keys)
    tab.run_all([key.exercise_id for key in keys])
    expect(tab.page.locator(WIDGET_ROOTS)).to_have_count(len(keys))
    for key in keys:  # the answered ones show their answer: both looks are on the page
        if key.exercise_id in given:
            assert canonical(key.kind, tab.shown(key.exercise_id)) == canonical(key.kind, given[key.exercise_id])
    report = violations(tab.page, include=WIDGET_ROOTS)
    assert report == "", f"axe-core finds WCAG 2.1 A/AA violations in {chapter}'s widgets ({front_end}):\n{report}"
    assert tab.errors == []


@pytest.mark.browser
def test_a_violation_in_a_widget_is_named_with_its_rule_and_element(
    lab: JupyterServer, student: str, open_notebook: Callable[[JupyterServer, Path], NotebookTab]
) -> None:
    """Would the check above fail, naming the rule and the element, if a widget had a button with no name?"""
    notebook, keys = hand_out_ps1(lab.root / student, keep=widgets_only)
    tab = open_notebook(lab, notebook)
    tab.run_all([key.exercise_id for key in keys])
    assert violations(tab.page, include=WIDGET_ROOTS) == ""
    tab.widget(keys[0].exercise_id).evaluate(
        "(root) => root.append(Object.assign(document.createElement('button'), {className: 'ck-nameless'}))"
    )
    report = violations(tab.page, include=WIDGET_ROOTS)
    assert report.startswith("button-name (critical): Buttons must have discernible text"), report
    assert "at .ck-nameless" in report or 'button class="ck-nameless"' in report, report
