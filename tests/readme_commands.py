"""The shell commands of the README's class sections, so the tests run exactly what people are told to run.

The only substitution is the one the README documents: chapter `ch01` stands for any chapter.
"""

from __future__ import annotations

import re

from repo import REPO

README = REPO / "README.md"
STUDENTS = "## For students"
CLASS = "## Running a class: release, collect, grade, return feedback"
EXAMPLE_CHAPTER = "ch01"
SYSTEM_CONFIG_DIR = "/etc/jupyter"

# The README blocks the class tests run, each known by a command only it holds.
STUDENT_BLOCKS = {
    "set-up": "~/.jupyter/nbgrader_config.py",
    "fetch": "nbgrader fetch_assignment",
    "submit": "nbgrader submit",
    "feedback": "nbgrader fetch_feedback",
}
CLASS_BLOCKS = {
    "set-up": "/etc/jupyter/nbgrader_config.py",
    "release": "nbgrader release_assignment",
    "collect": "coursekit collect",
    "feedback": "nbgrader release_feedback",
    "lms": "--from-lms",
}


def section(heading: str, text: str | None = None) -> str:
    """The README's text from `heading` to the next heading of the same level."""
    text = README.read_text(encoding="utf-8") if text is None else text
    start = text.index(heading + "\n")
    following = re.search(r"^## ", text[start + len(heading) :], re.MULTILINE)
    return text[start : start + len(heading) + following.start()] if following else text[start:]


def bash_blocks(heading: str) -> list[str]:
    """Every ```bash block of a section, in order."""
    return re.findall(r"^```bash\n(.*?)^```$", section(heading), re.MULTILINE | re.DOTALL)


def block(heading: str, name: str) -> str:
    """The one bash block of a section that holds the command naming it (see STUDENT_BLOCKS, CLASS_BLOCKS)."""
    marker = (STUDENT_BLOCKS if heading == STUDENTS else CLASS_BLOCKS)[name]
    found = [text for text in bash_blocks(heading) if marker in text]
    assert len(found) == 1, f"README section {heading!r} has {len(found)} bash blocks with {marker!r}, not 1"
    return found[0]


def for_chapter(commands: str, chapter: str) -> str:
    """The commands for another chapter, as the README says: its name in place of ch01."""
    return re.sub(rf"\b{EXAMPLE_CHAPTER}\b", chapter, commands)
