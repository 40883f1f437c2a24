"""The registry of exercise kinds: every entry names a real widget and a real grading call."""

from __future__ import annotations

import importlib

import pytest
import tomllib

import coursekit
import coursekit.scoring
from coursekit.scoring.kinds import KINDS, kind_of
from repo import REPO


def test_every_kind_has_its_widget_and_grading_call() -> None:
    """Does each entry's widget exist where it says, declare that kind, and have a grade_* call hidden tests import?"""
    assert set(KINDS) == {"buckets", "single_choice", "multiple_choice", "ordering", "fill_in"}
    for name, kind in KINDS.items():
        widget = getattr(importlib.import_module(kind.widget_module), kind.widget)
        assert widget.kind == name and getattr(coursekit, kind.widget) is widget
        grader = getattr(coursekit.scoring, kind.grader)
        assert grader.__name__ == kind.grader and kind.rule in (grader.__doc__ or "")


def test_an_unknown_kind_names_the_known_ones() -> None:
    """Does asking for a kind that does not exist say which kinds there are?"""
    with pytest.raises(KeyError, match="no exercise kind 'matching'; the kinds are buckets, single_choice"):
        kind_of("matching")


def test_the_version_is_the_packaged_one() -> None:
    """Is coursekit.__version__ (part of every grading fingerprint) the version pyproject.toml packages?"""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert coursekit.__version__ == project["version"]
