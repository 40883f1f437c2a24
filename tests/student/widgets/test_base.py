"""Behaviour shared by all exercises: one answers file for many exercises, save problems shown to students."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit import FillIn, SingleChoice


def test_two_exercises_share_one_file(workdir: Path) -> None:
    """Do two exercises answered in turn both end up in the one answers.json?"""
    SingleChoice("ch01.a", options=["x", "y"]).value = "y"
    FillIn("ch01.b").value = "MLOps"
    assert json.loads((workdir / "answers.json").read_text()) == {"ch01.a": "y", "ch01.b": "MLOps"}


def test_unsaveable_answer_is_shown_not_lost(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When saving fails, does the widget keep the answer and show the problem, without raising?"""
    widget = FillIn("ch01.b")

    def read_only(*args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("coursekit.student.widgets.base.save_answer", read_only)
    with pytest.warns(UserWarning, match="cannot be written"):
        widget.value = "MLOps"
    assert widget.value == "MLOps"
    assert "Not saved" in widget.get_state()["problem"]
    monkeypatch.undo()
    widget.value = "MLOps!"
    assert widget.problem == ""


def test_answers_follow_the_folder_where_the_widget_was_made(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does changing directory after showing a widget keep saving beside the notebook?"""
    widget = FillIn("ch01.b")
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    widget.value = "kept"
    assert json.loads((workdir / "answers.json").read_text()) == {"ch01.b": "kept"}
