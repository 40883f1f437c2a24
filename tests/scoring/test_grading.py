"""Hidden-test grading calls: fresh reads of answers.json, printed explanations, points as a number."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coursekit.scoring.grading import (
    explanation,
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
    """Does a buckets answer with one item wrong earn its share, explained with answer, key, why and rule?"""
    write_answers(workdir, {"ch01.w": {"Dev": ["a", "b", "c", "d"], "Ops": ["e", "f"]}})
    key = {"Dev": ["a", "b", "c"], "Ops": ["d", "e", "f"]}
    earned = grade_buckets("ch01.w", key=key, points=3, why="Because.")
    assert earned == 1.5  # kappa 2/3, half way from the margin of 1/3 to the key
    out = capsys.readouterr().out
    assert "Your answer: Dev: a, b, c, d; Ops: e, f" in out
    assert "Expected:    Dev: a, b, c; Ops: d, e, f" in out
    assert "'d' is in Dev, but belongs in Ops." in out
    assert "Why: Because." in out
    assert "Rule: Items in their right bucket count only beyond what guessing places there" in out
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
    assert grade_multiple_choice("ch01.m", key={"a": True, "b": False}, points=2) == 0.0
    out = capsys.readouterr().out
    assert "answers.json is not valid JSON" in out
    assert out.count("Your answer: (no answer)") == 2


def test_points_are_rounded_plain_floats(workdir: Path, write_answers: Writer) -> None:
    """Are partial points a plain float nbgrader can parse, rounded to two decimals?"""
    write_answers(workdir, {"ch01.o": ["b", "a", "c", "d", "e"]})
    earned = grade_ordering("ch01.o", key=["a", "b", "c", "d", "e"], points=1)
    assert type(earned) is float
    assert earned == 0.7  # tau 0.8 -> 0.7 of the points


def test_explicit_answers_path(tmp_path: Path) -> None:
    """Can a grader point at an answers file elsewhere (for tools that grade outside the notebook folder)?"""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"ch01.f": "Continuous training."}))
    assert grade_fill_in("ch01.f", key=["continuous training", "CT"], points=1, answers=path) == 1.0


def test_praise_only_for_a_right_answer(
    workdir: Path, write_answers: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a wrong answer read the explanation without the seed's "Correct!", and a right one with it?"""
    why = "Correct! And to turn a manual workflow into a pipeline we automate each step."
    write_answers(workdir, {"ch01.f": "workflow"})
    grade_fill_in("ch01.f", key="pipeline", points=1, why=why)
    assert "Why: And to turn a manual workflow" in capsys.readouterr().out
    write_answers(workdir, {"ch01.f": "Pipeline"})
    grade_fill_in("ch01.f", key="pipeline", points=1, why=why)
    assert "Why: Correct! And to turn" in capsys.readouterr().out
    assert explanation("Indeed! no model lasts forever.", 0.5) == "No model lasts forever."
    assert explanation("Right options are few.", 0.0) == "Right options are few."  # a word, not praise


def test_a_key_of_the_wrong_shape_names_the_exercise(workdir: Path, write_answers: Writer) -> None:
    """Is a 0.1-style multiple-choice key (right options only) refused with the exercise named, not scored?"""
    write_answers(workdir, {"ch01.m": ["a"]})
    with pytest.raises(ValueError, match=r"ch01\.m: a multiple choice key maps every option"):
        grade_multiple_choice("ch01.m", key=["a", "b"], points=2)
