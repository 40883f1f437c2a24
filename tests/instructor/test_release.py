"""`coursekit release`: refuses to ship answers, names unknown chapters."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.course import Course
from coursekit.instructor.release import ReleaseError, release


def test_finds_chapters(tiny_course: Path) -> None:
    """Is a chapter a source folder holding a notebook of the same name?"""
    (tiny_course / "source" / "notes").mkdir()
    assert Course(tiny_course).chapters() == ["ps1"]


def test_refuses_answers_under_source(tiny_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does an answers.json in source/ stop the release with a message naming it, before nbgrader runs?"""
    (tiny_course / "source" / "ps1" / "answers.json").write_text("{}")
    with pytest.raises(ReleaseError, match=r"source/ps1/answers.json would be given to every student"):
        release(course_root=tiny_course)
    assert main(["release", "--course", str(tiny_course)]) == 2
    assert "refusing to release" in capsys.readouterr().err
    assert not (tiny_course / "release").exists()


def test_unknown_chapter_and_empty_course(course: Path, tiny_course: Path) -> None:
    """Are an unknown chapter and a course without chapters refused with a clear message?"""
    with pytest.raises(ReleaseError, match="unknown chapter 'ps9'; chapters are ps1"):
        release(course_root=tiny_course, chapters=["ps9"])
    (tiny_course / "source" / "ps1" / "ps1.ipynb").unlink()
    with pytest.raises(ReleaseError, match="no chapters found"):
        release(course_root=tiny_course)


def test_refuses_a_key_of_the_wrong_shape(tiny_course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does a multiple-choice key listing only the right options (0.1's shape) stop the release, saying the fix?"""
    notebook = tiny_course / "source" / "ps1" / "ps1.ipynb"
    text = notebook.read_text()
    new_shape = r"key={\"Salt\": True, \"Sugar\": True, \"Flour\": True, \"Stone\": False}"
    assert new_shape in text
    notebook.write_text(text.replace(new_shape, r"key=[\"Salt\", \"Sugar\", \"Flour\"]"))
    assert main(["release", "--course", str(tiny_course)]) == 2
    error = capsys.readouterr().err
    assert "ps1: ps1.many: the key has the wrong shape" in error
    assert 'a multiple choice key is {"option": true or false, ...} for every option' in error
    assert not (tiny_course / "release").exists()
