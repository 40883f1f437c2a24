"""A grading worker's Gradebook objects share one engine per database, and still see each other's writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbgrader.api
import pytest
from nbgrader.api import Gradebook
from sqlalchemy import text

from coursekit.autograde.shared_engine import share_engines
from coursekit.nbgrader_run import nbgrader_env
from postgres import PostgresServer


@pytest.mark.nbgrader  # a new gradebook runs nbgrader's database migrations (alembic)
def test_gradebooks_share_an_engine_per_url_and_see_each_others_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a second Gradebook on the same file reuse the engine (and its statement cache), another file get its
    own, and a student added through a closed Gradebook show in the next?"""
    monkeypatch.setattr(nbgrader.api, "create_engine", nbgrader.api.create_engine)  # put back after the test
    monkeypatch.setenv("PATH", nbgrader_env()["PATH"])  # a new gradebook runs `alembic`
    share_engines()
    share_engines()  # twice in one process: still one layer of sharing
    first_url, other_url = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with Gradebook(first_url) as gradebook:
        engine = gradebook.engine
        gradebook.add_student("ada")
    with Gradebook(first_url) as gradebook:
        assert gradebook.engine is engine
        assert [student.id for student in gradebook.students] == ["ada"]
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")  # (a new gradebook costs an `alembic` run)
    with Gradebook(other_url) as gradebook:
        assert gradebook.engine is not engine
        gradebook.remove_student("ada")
    with Gradebook(first_url) as gradebook:
        assert [student.id for student in gradebook.students] == ["ada"]


@pytest.mark.nbgrader
def test_a_server_gradebook_keeps_its_connection_and_replaces_a_dropped_one(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Do Gradebooks opened one after another on a PostgreSQL database reuse one server session (a new one per open
    costs the server a backend process), and does the next open still work after the server ended that session?"""
    monkeypatch.setattr(nbgrader.api, "create_engine", nbgrader.api.create_engine)
    monkeypatch.setenv("PATH", nbgrader_env()["PATH"])
    share_engines()
    url = postgres.new_database()
    backend = text("SELECT pg_backend_pid()")
    with Gradebook(url) as gradebook:
        first = gradebook.db.execute(backend).scalar()
        gradebook.add_student("ada")
    with Gradebook(url) as gradebook:
        assert gradebook.db.execute(backend).scalar() == first
    postgres.query(url, f"SELECT pg_terminate_backend({first})")
    with Gradebook(url) as gradebook:
        assert gradebook.db.execute(backend).scalar() != first
        assert [student.id for student in gradebook.students] == ["ada"]
