"""`coursekit exercises`: the listing of a notebook's exercises, from source or release, without keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.notebooks.listing import NotebookError, list_exercises
from tiny_course import TINY_KEYS


def test_lists_every_kind_with_points(tiny_course: Path) -> None:
    """Are all six exercises listed in order with kind, title, points and content?"""
    listed = list_exercises(tiny_course / "source" / "ps1" / "ps1.ipynb")
    assert [(e["id"], e["kind"], e["title"], e["points"]) for e in listed] == [
        ("ps1.sort", "buckets", "Sort it", 2.0),
        ("ps1.pick", "single_choice", "Pick one", 1.0),
        ("ps1.many", "multiple_choice", "Pick many", 3.0),
        ("ps1.order", "ordering", "Order it", 3.0),
        ("ps1.term", "fill_in", "Name it", 1.0),
        ("ps1.essay", "written", "Explain it", 4.0),
    ]
    assert listed[0]["buckets"] == ["Fruit", "Vegetable"]
    assert listed[0]["items"] == ["Carrot", "Apple", "Leek", "Pear"]
    assert listed[2]["options"] == ["Salt", "Sugar", "Flour", "Stone"]


def test_cli_prints_json_without_keys(tiny_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the command print a JSON array with no key in it?"""
    assert main(["exercises", str(tiny_course / "source" / "ps1" / "ps1.ipynb")]) == 0
    out = capsys.readouterr().out
    assert len(json.loads(out)) == 6
    for key in TINY_KEYS:
        assert key not in out
    assert "Model answer" not in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such notebook"),
        (b"{not a notebook", "not a readable notebook"),
        (b"\x00\xff", "not a readable"),
    ],
)
def test_bad_notebooks_give_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    """Do a missing or corrupted notebook give a one-line error and exit code 2, not a traceback?"""
    path = tmp_path / "broken.ipynb"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(NotebookError, match=message):
        list_exercises(path)
    assert main(["exercises", str(path)]) == 2
    assert message in capsys.readouterr().err
