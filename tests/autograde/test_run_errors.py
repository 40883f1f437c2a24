"""`coursekit grade` where nbgrader cannot grade: a chapter not released stops the run before anything is graded,
with the command to run; a submission nbgrader fails gets a one-line reason naming the cause, never a hidden test,
and its whole traceback in autograded/grading.log."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cohort import CHAPTERS, copy_course
from coursekit.autograde.run import GradeError, grade_cohort
from coursekit.autograde.status import FAILED, GRADED
from coursekit.cli import main
from coursekit.instructor.release import release
from coursekit.instructor.simulate import CohortSettings, simulate
from gradebook_reader import open_gradebook
from repo import COURSE, copy_sources
from tiny_course import TINY_KEYS, write_tiny_course

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def tiny_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ps1 released, due yesterday, handed in by two simulated students, not graded (tests change copies)."""
    root = write_tiny_course(tmp_path_factory.mktemp("tiny-class") / "course")
    release(course_root=root)
    simulate(course_root=root, settings=CohortSettings(students=2, seed=1), set_due_dates=True)
    return root


def nothing_graded(course: Path) -> bool:
    """No grade, no graded copy, no status and no student added to the gradebook (if there is one)."""
    if (course / "autograded").exists():
        return False
    if not (course / "gradebook.db").exists():
        return True
    with open_gradebook(course) as gradebook:
        return not gradebook.students and not any(a.submissions for a in gradebook.assignments)


def test_simulated_and_graded_without_release_stops_naming_every_chapter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Simulated with due dates over the committed release/ but never `coursekit release`d (the gradebook holds the
    chapters' due dates, not their notebooks): does grading stop before grading anything, exit 2, and name every
    chapter on a line of its own with the command to run?"""
    course = copy_sources(tmp_path / "course", CHAPTERS)
    for chapter in CHAPTERS:
        shutil.copytree(COURSE / "release" / chapter, course / "release" / chapter)
    assert main(["simulate", "--course", str(course), "--students", "2", "--set-due-dates"]) == 0
    assert main(["grade", "--course", str(course), "--no-sandbox"]) == 2
    lines = capsys.readouterr().err.splitlines()
    for chapter in CHAPTERS:
        assert (
            f"  {chapter} is not released (it is in the gradebook without its notebook): "
            f"run `coursekit release {chapter}` first"
        ) in lines
    assert "coursekit grade: refusing to grade; nothing was graded:" in lines
    assert nothing_graded(course)


def remove_gradebook(course: Path) -> None:
    (course / "gradebook.db").unlink()


def remove_chapter_from_gradebook(course: Path) -> None:
    with open_gradebook(course) as gradebook:
        gradebook.remove_assignment("ps1")


def delete_release(course: Path) -> None:
    shutil.rmtree(course / "release" / "ps1")


@pytest.mark.parametrize(
    ("damage", "cause"),
    [
        (remove_gradebook, "there is no gradebook yet"),
        (remove_chapter_from_gradebook, "it is not in the gradebook"),
        (delete_release, "release/ps1/ps1.ipynb is missing"),
    ],
)
def test_a_chapter_not_released_stops_the_run_before_grading(
    tiny_class: Path, tmp_path: Path, damage: Callable[[Path], None], cause: str
) -> None:
    """Is a submitted chapter without its gradebook entry or its release/ folder named, with why and the command
    that releases it, before anything is graded (and no gradebook made where there was none)?"""
    course = copy_course(tiny_class, tmp_path / "course")
    damage(course)
    with pytest.raises(GradeError) as refused:
        grade_cohort(course_root=course, sandbox=False, stream=io.StringIO())
    assert str(refused.value).splitlines() == [
        "refusing to grade; nothing was graded:",
        f"  ps1 is not released ({cause}): run `coursekit release ps1` first",
    ]
    assert nothing_graded(course)
    assert (course / "gradebook.db").exists() == (damage is not remove_gradebook)


def test_a_failed_submission_has_a_one_line_reason_and_its_traceback_in_the_log(
    tiny_class: Path, tmp_path: Path
) -> None:
    """A timestamp.txt nbgrader cannot read fails its submission inside nbgrader ("see the above traceback"): is
    the reason one line naming the file, kept in the status, and nbgrader's traceback in grading.log under the
    submission's name, while the other student is graded?"""
    course = copy_course(tiny_class, tmp_path / "course")
    (course / "submitted" / "student001" / "ps1" / "timestamp.txt").write_text("next tuesday\n")
    summary = grade_cohort(course_root=course, sandbox=False, stream=io.StringIO())
    records = {record.student: record for record in summary.records}
    assert records["student002"].status == GRADED
    failed = records["student001"]
    assert failed.status == FAILED
    assert failed.reason == "timestamp.txt does not hold a date nbgrader can read: fix or delete it, then grade again"
    stored = json.loads((course / "autograded" / "coursekit-status.json").read_text())
    assert stored["ps1/student001"]["reason"] == failed.reason
    table = summary.table()
    assert f"FAILED    ps1/student001: {failed.reason}" in table and "autograded/grading.log" in table
    log = (course / "autograded" / "grading.log").read_text()
    block = log[log.index("===== ps1/student001: not graded") : log.index("===== end of ps1/student001")]
    assert "Traceback (most recent call last):" in block
    assert "ParserError: Unknown string format: next tuesday" in block
    assert "ps1/student002" not in log


# A course plugin failing as one reading the cells can: for student001 its message quotes a hidden test (the
# sanitized notebook has them back from the gradebook), for student002 it names what is missing.
FAILING_PLUGIN = """

from nbgrader.preprocessors import NbGraderPreprocessor


class FailsOnPurpose(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        if resources["nbgrader"]["student"] == "student001":
            quoted = next(line for cell in nb.cells for line in cell.source.splitlines() if "key=" in line)
            raise ValueError(f"cannot read the cell {quoted}")
        raise RuntimeError("the rubric of ps1.essay is missing: add it to source/ps1/ps1.ipynb")


c.Autograde.sanitize_preprocessors.append(FailsOnPurpose)
"""


def test_a_reason_names_the_real_error_and_never_quotes_a_hidden_test(tiny_class: Path, tmp_path: Path) -> None:
    """When nbgrader fails on an error of its plugins: is the reason that error (not "see the above traceback"),
    and where its message quotes a hidden test, only its type, on the terminal and in the status, while
    grading.log keeps the whole message for the instructor?"""
    course = copy_course(tiny_class, tmp_path / "course")
    with (course / "nbgrader_config.py").open("a") as config:
        config.write(FAILING_PLUGIN)
    stream = io.StringIO()
    summary = grade_cohort(course_root=course, sandbox=False, stream=stream)
    reasons = {record.student: record.reason for record in summary.records if record.status == FAILED}
    assert reasons == {
        "student001": "ValueError while grading; its message quotes the notebook's code, so it is only in "
        "autograded/grading.log",
        "student002": "RuntimeError: the rubric of ps1.essay is missing: add it to source/ps1/ps1.ipynb",
    }
    shown = stream.getvalue() + summary.table() + (course / "autograded" / "coursekit-status.json").read_text()
    assert not [key for key in TINY_KEYS if key in shown]
    log = (course / "autograded" / "grading.log").read_text()
    assert "ValueError: cannot read the cell grade_" in log and TINY_KEYS[1] in log
