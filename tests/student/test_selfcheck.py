"""The visible self-check: completeness only, never correctness, never an exception; under nbgrader validate
it fails the test cell of an exercise with no answer, and only then."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import IPython
import nbformat
import nbformat.v4 as v4
import pytest

from coursekit import Buckets, check
from coursekit.student.unanswered import UnansweredExercise, is_blank, title_of

TEST_CELL = ["# Autograder test for ch01.c (runs when the notebook is graded)\n"]


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """A stand-in for the kernel's IPython shell: its input transformers and the count of the cell running."""
    stand_in = SimpleNamespace(input_transformers_post=[], execution_count=7)
    monkeypatch.setattr(IPython, "get_ipython", lambda: stand_in)
    return stand_in


def run_next_cell(shell: SimpleNamespace, lines: list[str]) -> list[str]:
    """What IPython does with the next cell's text before running it (the count is already the next cell's)."""
    for transform in shell.input_transformers_post:
        lines = transform(lines)
    return lines


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


@pytest.mark.parametrize("execution", [None, "autograde"])
def test_run_all_and_autograde_only_print(
    workdir: Path,
    shell: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    execution: str | None,
) -> None:
    """Outside validate, does an unanswered exercise leave the next cells alone and write nothing to stderr?"""
    monkeypatch.delenv("NBGRADER_VALIDATING", raising=False)
    if execution is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", execution)
    Buckets("ch01.c", buckets=["A", "B"], items=["a", "b", "c"])
    check("ch01.c")
    assert shell.input_transformers_post == []
    assert run_next_cell(shell, TEST_CELL) == TEST_CELL
    captured = capsys.readouterr()
    assert captured.out == "ch01.c: not answered yet.\n" and captured.err == ""


def validating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    monkeypatch.setenv("NBGRADER_VALIDATING", "1")


def test_validate_fails_the_test_cell_of_an_unanswered_exercise(
    workdir: Path, shell: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under validate, is the test cell after the check rejected with one sentence naming the exercise and its
    heading, while the check cell itself still only prints?"""
    validating(monkeypatch)
    notebook = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("### Exercise 3: Sort it\n\nSort."),
            v4.new_code_cell('Buckets("ch01.c", buckets=["A"], items=["a"])'),
        ]
    )
    nbformat.write(notebook, workdir / "ch01.ipynb")
    check("ch01.c")
    printed = capsys.readouterr()
    assert printed.out.count("\n") == 1 and printed.out.startswith("ch01.c: ") and printed.err == ""
    with pytest.raises(UnansweredExercise) as raised:
        run_next_cell(shell, TEST_CELL)
    assert str(raised.value) == "ch01.c (Sort it) has no answer yet: answer it in its widget, then validate again."
    # what validate prints instead of a traceback: the sentence, in lines that fit its 90 columns
    shown = raised.value._render_traceback_()
    assert " ".join(shown) == str(raised.value) and max(map(len, shown)) <= 80


def test_validate_rejects_only_the_next_cell_naming_the_exercise(
    workdir: Path, shell: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is a cell naming another exercise (or the same id as a prefix) let through, and is the rejection gone
    once the cell after the check has run?"""
    validating(monkeypatch)
    check("ch01.c")
    other = ["# Autograder test for ch01.cc\n", "x = 'ch01.c.d'\n"]
    assert run_next_cell(shell, other) == other
    with pytest.raises(UnansweredExercise):
        run_next_cell(shell, TEST_CELL)  # IPython may transform one cell twice: both are rejected
    shell.execution_count += 1
    assert run_next_cell(shell, TEST_CELL) == TEST_CELL


@pytest.mark.parametrize(
    "answer",
    [{"A": ["a"]}, {"A": [], "B": ["c"]}, "a wrong pick", ["x"], "  term "],
    ids=["one-item-placed", "partly-placed", "single-choice", "multiple-choice", "fill-in"],
)
def test_validate_passes_any_answer(
    workdir: Path, shell: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, write_answers: Any, answer: Any
) -> None:
    """Does any saved answer, complete or not, right or wrong, let the test cell run (validate leaks nothing)?"""
    validating(monkeypatch)
    write_answers(workdir, {"ch01.c": answer})
    check("ch01.c")
    assert run_next_cell(shell, TEST_CELL) == TEST_CELL


def test_validate_names_a_damaged_answers_file(
    workdir: Path, shell: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a damaged answers.json (graded as no answers at all) fail the test cell, saying what is wrong with it?"""
    validating(monkeypatch)
    (workdir / "answers.json").write_text(json.dumps({"ch01.c": "x"})[:-1])
    check("ch01.c")
    with pytest.raises(
        UnansweredExercise,
        match=r"^ch01.c has no answer that can be graded: answers.json is not "
        r"valid JSON \(line 1.*\)\. Answer it again in its widget to start a new file",
    ):
        run_next_cell(shell, TEST_CELL)


def test_blank_answers() -> None:
    """Are null, blank text, nothing picked or ordered and empty buckets blank, and anything else an answer?"""
    blank: list[Any] = [None, "", "  ", [], {}, {"A": [], "B": []}]
    answered: list[Any] = ["x", ["x"], {"A": ["a"]}, {"A": [], "B": ["b"]}]
    assert all(is_blank(value) for value in blank)
    assert not any(is_blank(value) for value in answered)


def test_title_of_a_missing_or_unreadable_notebook(workdir: Path) -> None:
    """With no chapter notebook, or one that is not a notebook, is the title empty rather than an error?"""
    assert title_of("ch01.c", workdir) == ""
    (workdir / "ch01.ipynb").write_text("not a notebook")
    assert title_of("ch01.c", workdir) == ""
