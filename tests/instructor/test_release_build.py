"""Release builds run nbgrader in this process: quietly, from anywhere, and never at release/'s expense."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.course import Course
from coursekit.instructor.release_build import BUILD_FOLDER, BuildError, build_into, build_release

pytestmark = pytest.mark.nbgrader  # every build runs nbgrader's generate_assignment

BUILD_AND_REPORT = """
import os, sys
from pathlib import Path
from coursekit.course import Course
from coursekit.instructor.release_build import build_release
build_release(Course.at(sys.argv[1]), "ps1")
print(os.getcwd(), os.environ["PATH"], sep="\\n")
"""


def test_a_build_is_quiet_and_leaves_the_process_as_it_was(tiny_course: Path, tmp_path: Path) -> None:
    """Does a first release (no gradebook yet, run from another folder, this environment's scripts not on PATH)
    build, print nothing of nbgrader's, and leave the working folder and PATH as they were? (In a process of its
    own: pytest would catch any log output itself.)"""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # nbgrader starts `alembic`, from this environment, for a new gradebook
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-c", BUILD_AND_REPORT, str(tiny_course)]
    run = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [str(elsewhere), "/usr/bin:/bin"]
    course = Course.at(tiny_course)
    assert nbformat.read(course.release_notebook("ps1"), as_version=4).cells
    assert sorted(path.name for path in tiny_course.iterdir()) == [
        "gradebook.db",
        "nbgrader_config.py",
        "release",
        "source",
    ]
    assert list(elsewhere.iterdir()) == []


def test_a_failed_build_keeps_the_release_and_says_why(tiny_course: Path) -> None:
    """When nbgrader cannot read the source notebook, is release/ left as it was and nbgrader's own error given?"""
    course = Course.at(tiny_course)
    build_release(course, "ps1")
    released = course.release_notebook("ps1").read_bytes()
    course.source_notebook("ps1").write_text('{"cells": [')
    with pytest.raises(BuildError, match=r"(?s)generate_assignment ps1 failed; release/ps1 is unchanged:\n.*Error"):
        build_release(course, "ps1")
    assert course.release_notebook("ps1").read_bytes() == released
    assert not (tiny_course / BUILD_FOLDER).exists()


def test_a_scratch_build_touches_neither_release_nor_gradebook(tiny_course: Path, tmp_path: Path) -> None:
    """Does a build into a scratch folder, done twice there (as `coursekit check` does per chapter), leave the
    course's files alone and build what `coursekit release` built?"""
    course = Course.at(tiny_course)
    build_release(course, "ps1")
    before = {path: path.read_bytes() for path in tiny_course.rglob("*") if path.is_file()}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    for _ in range(2):
        fresh = build_into(course, "ps1", scratch)
        assert nbformat.read(fresh, as_version=4) == nbformat.read(course.release_notebook("ps1"), as_version=4)
    assert {path: path.read_bytes() for path in tiny_course.rglob("*") if path.is_file()} == before
