"""`coursekit gradebook-copy`: a graded course's SQLite gradebook moved whole into a real PostgreSQL database
(and back), refused into a database that already holds one."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.course import Course
from coursekit.instructor.gradebook_copy import GradebookCopyError, copy_gradebook
from gradebook_reader import due_dates, marks, open_gradebook, submissions
from postgres import PostgresServer

pytestmark = pytest.mark.nbgrader


def everything(course: Path | Course) -> tuple[object, ...]:
    return marks(course), submissions(course), due_dates(course)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_a_graded_gradebook_goes_to_postgresql_and_back_whole(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every grade, comment, late penalty and due date arrives in PostgreSQL (`coursekit gradebook-copy` into the
    course's COURSEKIT_DB_URL), and the same come back into a new SQLite file?"""
    url = postgres.new_database()
    monkeypatch.setenv("COURSEKIT_DB_URL", url)
    code, out, err = run(
        "gradebook-copy", "--course", str(graded_cohort), "--from", f"sqlite:///{graded_cohort}/gradebook.db"
    )
    assert code == 0, err
    assert out == f"copied 10 submissions and {len(marks(graded_cohort))} grades to {url}\n"
    assert everything(Course.at(graded_cohort)) == everything(graded_cohort)
    back = tmp_path / "back" / "gradebook.db"
    back.parent.mkdir()
    copy_gradebook(url, f"sqlite:///{back}")
    assert everything(back.parent) == everything(graded_cohort)


def test_a_gradebook_is_never_copied_over_another(
    graded_cohort: Path, postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second copy into the same database: exit 2 saying it holds a gradebook, nothing changed; a missing
    source: named?"""
    url = postgres.new_database()
    copy_gradebook(f"sqlite:///{graded_cohort}/gradebook.db", url)
    before = postgres.query(url, "SELECT id, auto_score, manual_score FROM grade ORDER BY id")
    monkeypatch.setenv("COURSEKIT_DB_URL", url)
    code, out, err = run(
        "gradebook-copy", "--course", str(graded_cohort), "--from", f"sqlite:///{graded_cohort}/gradebook.db"
    )
    assert code == 2 and out == ""
    assert err.startswith(f"coursekit gradebook-copy: {url} already holds a gradebook (")
    assert err.rstrip().endswith("copy into an empty database")
    assert postgres.query(url, "SELECT id, auto_score, manual_score FROM grade ORDER BY id") == before
    with pytest.raises(GradebookCopyError, match="there is no gradebook at sqlite:///nowhere/gradebook.db to copy"):
        copy_gradebook("sqlite:///nowhere/gradebook.db", postgres.new_database())


def test_a_backup_replaces_what_the_database_holds(
    graded_cohort: Path, postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restoring a backup (`replace=True`, as a failed `release --update` does): the database then holds exactly the
    backup's rows, not a mix with what it held?"""
    url = postgres.new_database()
    copy_gradebook(f"sqlite:///{graded_cohort}/gradebook.db", url)
    backup = tmp_path / "backup"
    backup.mkdir()
    shutil.copy2(graded_cohort / "gradebook.db", backup / "gradebook.db")
    with open_gradebook(backup) as gradebook:
        gradebook.remove_submission("ch01", "student001")
    copy_gradebook(f"sqlite:///{backup / 'gradebook.db'}", url, replace=True)
    monkeypatch.setenv("COURSEKIT_DB_URL", url)
    assert everything(Course.at(graded_cohort)) == everything(backup)
    assert ("student001", "ch01") not in submissions(Course.at(graded_cohort))
