"""COURSEKIT_DB_URL points the whole chain at another gradebook: `coursekit release`, `grade`, `report` and
`feedback` use an SQLite file outside the course folder, or a real PostgreSQL server's database, and the course's
own gradebook.db is never made."""

from __future__ import annotations

import contextlib
import csv
import io
import random
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from nbgrader.api import Gradebook

from coursekit.cli import main
from coursekit.course import Course, Submission
from coursekit.instructor.simulate import write_submission
from tiny_course import TINY_RIGHT, add_exercise, write_tiny_course

pytestmark = pytest.mark.nbgrader

ANSWERS: dict[str, dict[str, Any]] = {
    "ace": TINY_RIGHT,  # 2 + 1 + 3 + 3 + 1 = 10 autograded points
    "bea": {"ps1.pick": "Roast", "ps1.term": "levain"},  # 1 + 1 = 2
}


Setting = tuple[Path, str, tuple[str, str]]  # the course, its gradebook's URL, how it is graded


def quietly(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


GRADING = {  # how `grade` and `release --update` grade, by gradebook
    "sqlite": ("--workers", "2"),
    "postgresql": ("--workers", "2"),
    "postgresql-cluster": ("--cluster", "local:1"),
}


@pytest.fixture(scope="module", params=list(GRADING))
def elsewhere(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setting]:
    """The course and the gradebook elsewhere (an SQLite file in another folder, or a PostgreSQL database, graded
    on one machine or on a local Dask cluster): ps1 released, handed in by ace and bea and graded, all with
    COURSEKIT_DB_URL set (it stays set for this module's tests); ace's essay then scored 3 in that gradebook."""
    root = write_tiny_course(tmp_path_factory.mktemp("db-url") / "course")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('shared-gradebook') / 'other.db'}"
    else:
        url = request.getfixturevalue("postgres").new_database()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSEKIT_DB_URL", url)
        assert quietly("release", "--course", str(root)) == 0
        course = Course.at(root)
        when = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
        for student, answers in ANSWERS.items():
            write_submission(course, Submission("ps1", student), answers, when, random.Random(0))
        assert quietly("grade", "--course", str(root), "--no-sandbox", *GRADING[request.param]) == 0
        with Gradebook(url) as gradebook:  # as formgrader saves a score
            grade = gradebook.find_grade("essay", "ps1", "ps1", "ace")
            grade.manual_score, grade.needs_manual_grade = 3.0, False
            gradebook.db.commit()
        yield root, url, GRADING[request.param]


def test_the_course_resolves_the_url(elsewhere: Setting) -> None:
    """Does the course read the gradebook's place from COURSEKIT_DB_URL through nbgrader_config.py?"""
    root, url, _ = elsewhere
    course = Course.at(root)
    assert course.db_url == url
    assert course.sqlite_file == (Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None)


def test_grading_writes_there_and_not_into_the_course(elsewhere: Setting) -> None:
    """Are both submissions' grades in the other gradebook, and is there no gradebook.db in the course folder?"""
    root, url, _ = elsewhere
    assert not (root / "gradebook.db").exists()
    assert sorted(p.name for p in root.rglob("*.db")) == []
    with Gradebook(url) as gradebook:
        scores = {s.student.id: float(s.score) for s in gradebook.find_assignment("ps1").submissions}
    assert scores == {"ace": 13.0, "bea": 2.0}  # ace: 10 autograded + 3 for the essay; bea: 1 + 1


def test_the_report_reads_it(elsewhere: Setting) -> None:
    """Does `coursekit report` write grades.csv from the other gradebook (ace's essay score included)?"""
    root, _, _ = elsewhere
    assert quietly("report", "--course", str(root)) == 0
    rows = list(csv.DictReader((root / "reports" / "grades.csv").open()))
    assert [(row["student"], row["ps1"], row["total"]) for row in rows] == [("ace", "13", "13"), ("bea", "2", "2")]
    assert not (root / "gradebook.db").exists()


def test_feedback_reads_it(elsewhere: Setting) -> None:
    """Do `coursekit feedback`'s pages and indexes give the other gradebook's scores (ace's essay included)?"""
    root, _, _ = elsewhere
    assert quietly("feedback", "--course", str(root)) == 0
    found = {}
    for student in ANSWERS:
        chapter = BeautifulSoup((root / "feedback" / student / "ps1" / "ps1.html").read_text(), "html.parser")
        index = BeautifulSoup((root / "feedback" / student / "index.html").read_text(), "html.parser")
        terms = [term.get_text(strip=True) for term in chapter.select(".facts dt")]
        values = [value.get_text(" ", strip=True) for value in chapter.select(".facts dd")]
        total = index.select_one(".facts dd")
        assert isinstance(total, Tag)
        found[student] = (dict(zip(terms, values, strict=True))["Score"], total.get_text())
    assert found == {"ace": ("13 of 14 points", "13 of 14 points"), "bea": ("2 of 14 points", "2 of 14 points")}
    assert not (root / "gradebook.db").exists()


def test_an_exercise_added_later_keeps_the_hand_given_score(elsewhere: Setting) -> None:
    """`coursekit release ps1 --update` after an exercise is added (regrading as the course grades, on a cluster
    too): the gradebook there is backed up (as an SQLite file, for PostgreSQL too), ace's essay keeps its 3 points
    and the new exercise is graded? (Last in the module: it changes the course.)"""
    root, url, grading = elsewhere
    add_exercise(root)
    said = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(said):
        assert main(["release", "ps1", "--update", "--no-sandbox", *grading, "--course", str(root)]) == 0
    assert ("Cluster: 1 Dask worker on 1 machine (" in said.getvalue()) == (grading[0] == "--cluster")
    with Gradebook(url) as gradebook:
        essay = gradebook.find_grade("essay", "ps1", "ps1", "ace")
        salt = gradebook.find_grade("salt-test", "ps1", "ps1", "ace")
        assert (essay.manual_score, salt.auto_score, salt.max_score) == (3.0, 0.0, 2.0)
    [backup] = (root / "gradebook-backups").iterdir()
    with Gradebook(f"sqlite:///{backup / 'gradebook.db'}") as saved:
        assert saved.find_grade("essay", "ps1", "ps1", "ace").manual_score == 3.0
        assert {s.student.id for s in saved.find_assignment("ps1").submissions} == set(ANSWERS)
    assert not (root / "gradebook.db").exists()
