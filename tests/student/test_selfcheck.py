"""The visible self-check: completeness only, never correctness, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit import Buckets, check


def test_reports_completeness_not_correctness(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the check count placed items and say nothing about right or wrong?"""
    widget = Buckets("ch01.c", buckets=["A", "B"], items=["a", "b", "c"])
    check("ch01.c")
    widget.value = {"A": ["a", "b", "c"]}
    check("ch01.c")
    out = capsys.readouterr().out.splitlines()
    assert out == ["ch01.c: not answered yet.", "ch01.c: 3 of 3 items placed. Complete."]
    assert not any(word in " ".join(out).lower() for word in ("correct", "wrong", "right"))


def test_never_raises(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Do an unknown exercise and a damaged answers file print a message instead of raising?"""
    check("ch09.unknown")
    Buckets("ch01.d", buckets=["A"], items=["a"])
    (workdir / "answers.json").write_text("{broken")
    check("ch01.d")
    out = capsys.readouterr().out
    assert "ch09.unknown: run the exercise's cell above first" in out
    assert "ch01.d: answers.json is not valid JSON" in out
