"""The student's journey through one chapter, shared by the JupyterLab and Notebook 7 tests."""

from __future__ import annotations

import time
from collections import defaultdict

import pytest

from browser.answering import SavedAnswers, answer, canonical
from browser.grading import GradingCourse
from browser.notebook_tab import NotebookTab
from coursekit.notebooks.keys import Key, reference_answer


def answer_every_exercise(tab: NotebookTab, keys: list[Key], *, drag_first: bool) -> None:
    """Answer each exercise right, alternating dragging and the non-drag path within each kind."""
    saved = SavedAnswers(tab.folder)
    seen: dict[str, int] = defaultdict(int)
    for key in keys:
        drag = (seen[key.kind] % 2 == 0) == drag_first
        seen[key.kind] += 1
        answer(tab.widget(key.exercise_id), key, saved, drag=drag)
    for key in keys:
        assert canonical(key.kind, saved.read().get(key.exercise_id)) == canonical(key.kind, reference_answer(key))


def expect_shown(tab: NotebookTab, keys: list[Key], timeout: float = 120) -> None:
    """Does every widget show the reference answer (as after a restart, restored from answers.json)?"""
    deadline = time.monotonic() + timeout
    for key in keys:
        want = canonical(key.kind, reference_answer(key))
        while (shown := canonical(key.kind, tab.shown(key.exercise_id))) != want:
            assert time.monotonic() < deadline, f"{key.exercise_id} shows {shown!r}, not the saved {want!r}"
            time.sleep(0.05)


def full_points(keys: list[Key]) -> dict[str, float]:
    """Each test cell's points when every exercise it grades is right."""
    points: dict[str, float] = defaultdict(float)
    for key in keys:
        points[key.grade_id] += key.points
    return dict(points)


def complete_chapter(tab: NotebookTab, course: GradingCourse, chapter: str, student: str, *, drag_first: bool) -> None:
    """Run all, answer everything, restart and re-run, see the answers again, save, submit, grade."""
    keys = course.keys(chapter)
    exercise_ids = [key.exercise_id for key in keys]
    shown, collapsed = tab.collapsed_inputs()
    assert shown > 0 and collapsed == shown, f"{collapsed} of {shown} code cells have their input collapsed"
    tab.run_all(exercise_ids)
    answer_every_exercise(tab, keys, drag_first=drag_first)
    tab.restart_and_run_all(exercise_ids)
    expect_shown(tab, keys)
    tab.save()
    scores = course.grade(chapter, student, tab.folder)
    assert scores == pytest.approx(full_points(keys))
    assert sum(scores.values()) == pytest.approx(sum(key.points for key in keys))
    assert tab.errors == [], f"uncaught errors in the page: {tab.errors}"
