"""Feedback returned early (`--hide-answers`): the expected answer and why are dropped, wrapped lines too."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

from nbformat.v4 import new_code_cell, new_output

from coursekit.instructor.plugins import HideExpectedAnswers
from coursekit.scoring import grade_buckets


def test_wrapped_expected_lines_are_hidden_with_their_first_line(workdir: Path) -> None:
    """Is every line of a long expected answer and explanation dropped, while answer, rule and points stay?"""
    (workdir / "answers.json").write_text('{"ch01.w": {"Dev": ["alpha"]}}')
    key = {"Dev": [f"secret item {n}" for n in range(12)], "Ops": ["alpha"]}
    out = io.StringIO()
    with redirect_stdout(out):
        grade_buckets("ch01.w", key=key, points=3, why="Because the secret reason is long. " * 5)
    assert out.getvalue().count("\n             ") >= 3  # the expected answer and why wrap onto several lines
    cell = new_code_cell(outputs=[new_output("stream", name="stdout", text=out.getvalue())])
    hide = HideExpectedAnswers(enabled=True)  # type: ignore[no-untyped-call]  # traitlets' untyped __init__
    hidden, _ = hide.preprocess_cell(cell, {}, 0)
    text = hidden.outputs[0]["text"]
    assert "secret" not in text
    assert "Your answer: Dev: alpha" in text and "Rule:" in text and "Points: 0 of 3" in text
