"""The README's class sections: every command block is one the exchange tests run, and the configuration the
README hands students is the course's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from readme_commands import CLASS, CLASS_BLOCKS, STUDENT_BLOCKS, STUDENTS, bash_blocks, block
from repo import REPO


@pytest.mark.parametrize(("heading", "known"), [(STUDENTS, STUDENT_BLOCKS), (CLASS, CLASS_BLOCKS)])
def test_every_command_block_is_run_by_the_class_tests(heading: str, known: dict[str, str]) -> None:
    """Is each bash block of the section one the class tests run, and is each block they run there?"""
    blocks = bash_blocks(heading)
    named = [[name for name, marker in known.items() if marker in text] for text in blocks]
    assert all(len(names) == 1 for names in named), f"blocks the tests do not run, or cannot tell apart: {named}"
    assert sorted(names[0] for names in named) == sorted(known)


def config_file(heading: str, name: str) -> str:
    """The nbgrader_config.py a README block writes with a here-document."""
    found = re.search(r"<<'EOF'\n(.*?)^EOF$", block(heading, name), re.MULTILINE | re.DOTALL)
    assert found, f"no here-document in the {name} block of {heading!r}"
    return found.group(1)


def test_students_and_the_server_get_the_same_configuration() -> None:
    """Does a student's own set-up write the very file the instructor writes for the whole server?"""
    assert config_file(STUDENTS, "set-up") == config_file(CLASS, "set-up")


@pytest.mark.parametrize("exchange", [None, "/srv/nbgrader/exchange"])
def test_student_configuration_agrees_with_the_course_configuration(
    exchange: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Do students' nbgrader and the course's agree on the course id and the exchange, by default and overridden?"""
    if exchange is None:
        monkeypatch.delenv("COURSEKIT_EXCHANGE_ROOT", raising=False)
    else:
        monkeypatch.setenv("COURSEKIT_EXCHANGE_ROOT", exchange)
    (tmp_path / "nbgrader_config.py").write_text(config_file(STUDENTS, "set-up"))
    student = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
    course = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    assert student.CourseDirectory.course_id == course.CourseDirectory.course_id == "mlops"
    expected = exchange or "/usr/local/share/nbgrader/exchange"
    assert student.Exchange.root == course.Exchange.root == expected
