"""A grading worker's Gradebook objects share one engine per database, and still see each other's writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbgrader.api
import pytest
from nbgrader.api import Gradebook

from coursekit.autograde.shared_engine import share_engines
from coursekit.nbgrader_run import nbgrader_env


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
