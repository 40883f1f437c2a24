"""Hidden-test grading calls: fresh reads of answers.json, printed explanations, points as a number."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coursekit.scoring.grading import (
    grade_buckets,
    grade_fill_in,
    grade_multiple_choice,
    grade_ordering,
    grade_single_choice,
)

Writer = Callable[[Path, dict[str, Any]], Path]


def test_buckets_partial_credit_and_explanation(
    workdir: Path, write_answers: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a half-right buckets answer earn half the points, explained with answer, expectation and why?"""
    write_answers(workdir, {"ch01.w": {"Dev": ["a", "d"], "Ops": ["b", "c"]}})
    earned = grade_buckets("ch01.w", key={"Dev": ["a", "b"], "Ops": ["c", "d"]}, points=3, why="Because.")
    assert earned == 1.5
    out = capsys.readouterr().out
    assert "Your answer: Dev: a, d; Ops: b, c" in out
    assert "Expected:    Dev: a, b; Ops: c, d" in out
    assert "'d' is in Dev, but belongs in Ops." in out
    assert "Why: Because." in out
    assert "Points: 1.5 of 3" in out


def test_reads_the_file_fresh_each_time(workdir: Path, write_answers: Writer) -> None:
    """Does a second call see a changed answers.json (no caching between grading calls)?"""
    write_answers(workdir, {"ch01.s": "wrong"})
    assert grade_single_choice("ch01.s", key="right", points=1) == 0.0
    write_answers(workdir, {"ch01.s": "right"})
    assert grade_single_choice("ch01.s", key="right", points=1) == 1.0


def test_missing_and_damaged_files_score_zero(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Do a missing answers.json and a damaged one both score 0 with a clear note, never an error?"""
    assert grade_fill_in("ch01.f", key=["CT"], points=1) == 0.0
    (workdir / "answers.json").write_text("{oops")
    assert grade_multiple_choice("ch01.m", key=["a"], points=2) == 0.0
    out = capsys.readouterr().out
    assert "answers.json is not valid JSON" in out
    assert out.count("Your answer: (no answer)") == 2


def test_points_are_rounded_plain_floats(workdir: Path, write_answers: Writer) -> None:
    """Are partial points a plain float nbgrader can parse, rounded to two decimals?"""
    write_answers(workdir, {"ch01.o": ["b", "a", "c", "d"]})
    earned = grade_ordering("ch01.o", key=["a", "b", "c", "d"], points=2)
    assert type(earned) is float
    assert earned == 1.33


def test_explicit_answers_path(tmp_path: Path) -> None:
    """Can a grader point at an answers file elsewhere (for tools that grade outside the notebook folder)?"""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"ch01.f": "Continuous training."}))
    assert grade_fill_in("ch01.f", key=["continuous training", "CT"], points=1, answers=path) == 1.0
