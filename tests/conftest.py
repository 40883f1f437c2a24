"""Shared fixtures: a private working folder (where answers.json lands) and a temporary nbgrader course."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from postgres import PostgresServer, running_postgres
from repo import new_course
from tiny_course import write_tiny_course

NBGRADER_FIXTURES = {"graded_cohort", "graded_cohort_copy", "feedback_class"}  # built by real nbgrader runs


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test using a course graded by real nbgrader is an nbgrader test, marked or not (the fast part,
    `-m "not nbgrader and not browser"`, leaves it out)."""
    for item in items:
        if NBGRADER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.nbgrader)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder as the working directory, as Jupyter starts a kernel in the notebook's folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """An empty course folder using the project's nbgrader_config.py (course root = that folder)."""
    return new_course(tmp_path / "course")


@pytest.fixture
def write_answers() -> Callable[[Path, dict[str, Any]], Path]:
    """Write an answers.json as a student's kernel would leave it."""

    def write(folder: Path, answers: dict[str, Any]) -> Path:
        path = folder / "answers.json"
        path.write_text(json.dumps(answers), encoding="utf-8")
        return path

    return write


@pytest.fixture
def tiny_course(course: Path) -> Path:
    """A course with one chapter, ps1, holding every exercise kind."""
    return write_tiny_course(course)


@pytest.fixture(scope="session")
def graded_cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-chapter course with a simulated cohort, graded by `coursekit grade` (built once per session, shared:
    read it only; a test that writes into it takes `graded_cohort_copy`)."""
    from cohort import make_course
    from coursekit.autograde.run import grade_cohort

    course = make_course(tmp_path_factory.mktemp("graded") / "course")
    grade_cohort(course_root=course, workers=2, stream=io.StringIO())
    return course


@pytest.fixture
def graded_cohort_copy(graded_cohort: Path, tmp_path: Path) -> Path:
    """A private copy of `graded_cohort` (gradebook, submissions and all) for a test that writes into the course:
    feedback, reports, a regrading or a changed gradebook. `graded_cohort` itself is shared and only read."""
    return Path(shutil.copytree(graded_cohort, tmp_path / "graded-cohort"))


@pytest.fixture(scope="session")
def feedback_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test chapter graded for ace, blank, late and mallory, with feedback written (built once per session)."""
    from feedback_class import graded_tiny_class

    return graded_tiny_class(tmp_path_factory.mktemp("feedback-class") / "course")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on loopback, run by an unprivileged user, for the whole session."""
    yield from running_postgres()
