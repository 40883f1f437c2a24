"""`coursekit check` and the check `coursekit release` runs first: each authoring mistake named, nothing released."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from coursekit.cli import main
from coursekit.instructor.check import check_course
from coursekit.instructor.release import ReleaseError, release
from repo import REPO


def edit_source(course: Path, old: str, new: str) -> None:
    """Replace text in the first cell of ps1's source holding it."""
    path = course / "source" / "ps1" / "ps1.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next((cell for cell in notebook.cells if old in cell.source), None)
    assert cell is not None, f"{old!r} is not in the tiny chapter"
    cell.source = cell.source.replace(old, new, 1)
    nbformat.write(notebook, path)


def set_metadata(course: Path, cell_id: str, **changes: object) -> None:
    """Change the nbgrader metadata of ps1's cell whose grade_id is `cell_id` (its points, its grade_id)."""
    path = course / "source" / "ps1" / "ps1.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == cell_id:
            cell.metadata["nbgrader"].update(changes)
    nbformat.write(notebook, path)


def duplicate_widget(course: Path) -> None:
    """A second Pick-one exercise copied with its id left unchanged, as a hurried author does."""
    path = course / "source" / "ps1" / "ps1.ipynb"
    notebook = nbformat.read(path, as_version=4)
    widget = next(cell for cell in notebook.cells if 'SingleChoice("ps1.pick"' in cell.source)
    copy = nbformat.v4.new_code_cell(widget.source, metadata={"nbgrader": {**widget.metadata["nbgrader"]}})
    copy.metadata["nbgrader"]["grade_id"] = "pick-again-widget"
    notebook.cells.append(copy)
    nbformat.write(notebook, path)


MISTAKES: dict[str, tuple[Callable[[Path], None], str]] = {
    "key names an item the widget lacks": (
        lambda course: edit_source(course, '"Leek"]}, points=2', '"Onion"]}, points=2'),
        r"ps1: ps1\.sort: the buckets key names 'Onion', which the widget does not have as an item",
    ),
    "key leaves an item out": (
        lambda course: edit_source(course, ', "Leek"]}, points=2', "]}, points=2"),
        r"ps1: ps1\.sort: the buckets key leaves out 'Leek', which the widget shows",
    ),
    "choice key not an option": (
        lambda course: edit_source(course, 'key="Roast"', 'key="Fry"'),
        r"ps1: ps1\.pick: the single choice key 'Fry' is not one of the widget's options",
    ),
    "order not a permutation": (
        lambda course: edit_source(course, '"Bake", "Slice"], points=3', '"Bake", "Bake"], points=3'),
        r"ps1: ps1\.order: the ordering key leaves out 'Slice'.*\n.*ps1: ps1\.order: the ordering key lists 'Bake' "
        "more than once",
    ),
    "points disagree with the cell": (
        lambda course: set_metadata(course, "order-test", points=2),
        r"ps1: ps1\.order: points=3 in the hidden test but the cell's nbgrader metadata gives 2 points",
    ),
    "duplicated exercise id": (
        duplicate_widget,
        r"ps1: ps1\.pick: the id is used by 2 exercises",
    ),
    "exercise without a hidden test": (
        lambda course: edit_source(course, 'grade_fill_in("ps1.term"', 'grade_fill_in("ps1.terms"'),
        r"(?s)(?=.*ps1: ps1\.term: no hidden test grades this exercise)(?=.*ps1: ps1\.terms: .*grades an exercise no "
        "widget)",
    ),
    "duplicated grade id": (
        lambda course: set_metadata(course, "pick-check", grade_id="pick-widget"),
        r"ps1: pick-widget: the grade_id is used by 2 cells",
    ),
}


@pytest.mark.nbgrader
@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_is_named_and_nothing_is_released(
    mistake: str, tiny_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does check name the chapter and exercise of each authoring mistake, and release refuse, leaving release/?"""
    release(course_root=tiny_course)
    released = (tiny_course / "release" / "ps1" / "ps1.ipynb").read_bytes()
    make_mistake, expected = MISTAKES[mistake]
    make_mistake(tiny_course)
    capsys.readouterr()
    assert main(["check", "--course", str(tiny_course), "--skip-release"]) == 1
    out, err = capsys.readouterr()
    assert out.strip() and "found" in err
    assert re.search(expected, out), out
    assert all(line.startswith("ps1: ") for line in out.splitlines()), out
    assert main(["release", "ps1", "--course", str(tiny_course)]) == 2
    err = capsys.readouterr().err
    assert re.search(expected, err), err
    assert "Nothing was released." in err
    assert (tiny_course / "release" / "ps1" / "ps1.ipynb").read_bytes() == released


def test_a_sound_course_has_no_problems() -> None:
    """Does the course's own source pass every check (the release comparison is the chapter tests' job)?"""
    assert check_course(REPO, release_current=False) == []


@pytest.mark.nbgrader
def test_a_stale_or_missing_release_is_named(tiny_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a chapter never released, or edited since its release, named with the command that fixes it?"""
    assert [problem.line() for problem in check_course(tiny_course)] == [
        "ps1: release: not released yet: run `coursekit release ps1`"
    ]
    release(course_root=tiny_course)
    assert check_course(tiny_course) == []
    edit_source(tiny_course, "Answer below.", "Answer in the widget below.")
    assert main(["check", "ps1", "--course", str(tiny_course)]) == 1
    assert "ps1: release: release/ps1 is not what its source builds now: run `coursekit release ps1`" in (
        capsys.readouterr().out
    )
    assert not (tiny_course / "gradebook-backups").exists()


def test_answers_under_source_and_unknown_chapter(tiny_course: Path) -> None:
    """Are an answers.json in source/ and an unknown chapter named?"""
    (tiny_course / "source" / "ps1" / "answers.json").write_text("{}")
    lines = [problem.line() for problem in check_course(tiny_course, release_current=False)]
    assert lines == [
        "ps1: source/ps1/answers.json: would be released to every student and overwrite their answers at "
        "autograde; delete it"
    ]
    with pytest.raises(ReleaseError):
        release(course_root=tiny_course)
    assert main(["check", "ps9", "--course", str(tiny_course)]) == 2
