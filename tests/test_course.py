"""The course folder's gradebook, wherever COURSEKIT_DB_URL puts it: there yet or not, and one that cannot be
reached named with the fix."""

from __future__ import annotations

import contextlib
import io
import socket
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.course import Course
from coursekit.instructor.gradebook_copy import copy_gradebook
from postgres import PostgresServer


def test_an_empty_database_holds_no_gradebook_yet(
    course: Path, postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty PostgreSQL database is no gradebook (and asking creates none); one with nbgrader's tables is?"""
    url = postgres.new_database()
    monkeypatch.setenv("COURSEKIT_DB_URL", url)
    assert Course.at(course).has_gradebook() is False
    assert postgres.query(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    empty = course / "empty.db"
    copy_gradebook(f"sqlite:///{_new_sqlite(empty)}", url)
    assert Course.at(course).has_gradebook() is True


def _new_sqlite(path: Path) -> Path:
    from nbgrader.api import Gradebook

    from coursekit.nbgrader_run import scripts_on_path

    with scripts_on_path(), Gradebook(f"sqlite:///{path}"):
        pass
    return path


def test_a_gradebook_that_cannot_be_reached_is_named(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """COURSEKIT_DB_URL naming a server nobody runs: `coursekit report` exits 2 with one line naming the
    gradebook (its password hidden) and what to check?"""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("COURSEKIT_DB_URL", f"postgresql://grader:secret@127.0.0.1:{port}/mlops")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["report", "--course", str(course)])
    assert code == 2
    message = err.getvalue()
    assert message.startswith(
        f"coursekit report: cannot reach the gradebook at postgresql://grader:***@127.0.0.1:{port}/mlops: "
    )
    assert message.rstrip().endswith("Check COURSEKIT_DB_URL and that the database server runs.")
    assert "secret" not in message and len(message.strip().splitlines()) == 1
