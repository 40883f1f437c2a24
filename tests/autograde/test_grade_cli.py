"""`coursekit grade` run as the instructor runs it, a process of its own: its exit codes, `--force`, `--no-sandbox`
and its refusal to grade where bubblewrap cannot run.

Covered elsewhere, so not here: a chapter missing from the gradebook stops the run naming the chapter and
`coursekit release CHAPTER` (test_run_errors.py, test_a_chapter_not_released_stops_the_run_before_grading, and
exit code 2 by the command line in test_simulated_and_graded_without_release_stops_naming_every_chapter); a
re-run skips what has not changed (test_run.py, test_rerun_grades_only_what_changed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cohort import ungraded_copy
from gradebook_reader import open_gradebook, scores_and_penalties, submissions

pytestmark = pytest.mark.nbgrader

COURSEKIT = Path(sys.executable).with_name("coursekit")  # the console script of this environment
Grades = dict[tuple[str, str, str], tuple[float, float]]  # (student, chapter, grade cell) to (score, late penalty)
CHAPTER = "ch01"  # graded alone (`--chapter`), to keep the runs short
BROKEN = ("student002", CHAPTER)  # the submission whose timestamp.txt nbgrader fails on, inside a grading worker
BROKEN_REASON = "timestamp.txt does not hold a date nbgrader can read: fix or delete it, then grade again"


def coursekit(*args: str, path: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the `coursekit` command, with PATH replaced when `path` is given."""
    env = {**os.environ, "PATH": path} if path is not None else dict(os.environ)
    return subprocess.run(
        [str(COURSEKIT), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def statuses(course: Path) -> dict[tuple[str, str], str]:
    """(student, chapter) to the status `coursekit grade` kept for it."""
    records = json.loads((course / "autograded" / "coursekit-status.json").read_text())
    return {(record["student"], record["chapter"]): record["status"] for record in records.values()}


@pytest.fixture(scope="module")
def reference(graded_cohort: Path) -> Grades:
    """Every grade of the chapter in the session's cohort, graded by `coursekit grade` with nothing wrong."""
    return scores_and_penalties(graded_cohort, CHAPTER)


@pytest.fixture(scope="module")
def no_bwrap_run(
    graded_cohort: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The cohort, ungraded, with one unreadable timestamp.txt, its chapter graded `--no-sandbox` where no bwrap
    can be found."""
    folder = tmp_path_factory.mktemp("no-bwrap")
    course = ungraded_copy(graded_cohort, folder / "course")
    student, chapter = BROKEN
    (course / "submitted" / student / chapter / "timestamp.txt").write_text("next tuesday\n")
    empty = folder / "bin"  # PATH: this empty folder, to which coursekit adds its own scripts' folder only
    empty.mkdir()
    assert shutil.which("bwrap", path=f"{COURSEKIT.parent}{os.pathsep}{empty}") is None
    grade = ["grade", "--course", str(course), "--chapter", CHAPTER, "--workers", "2", "--no-sandbox"]
    run = coursekit(*grade, path=str(empty))
    return course, run


def test_a_failed_submission_makes_the_exit_code_1(no_bwrap_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """With one submission nbgrader fails on in the cohort, does the command exit 1 (some submissions need review),
    list that one as failed with its reason and every other one as graded?"""
    course, run = no_bwrap_run
    assert run.returncode == 1, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert lines[0] == "5 submissions: 1 failed, 4 graded"
    assert f"  FAILED    ch01/student002: {BROKEN_REASON}" in lines
    graded = [line for line in lines if line.startswith("  GRADED    ")]
    assert len(graded) == 4 and "  GRADED    ch01/student002" not in graded
    assert "Traceback" not in run.stderr


def test_the_others_get_the_grades_of_a_run_without_it(
    no_bwrap_run: tuple[Path, subprocess.CompletedProcess[str]], reference: Grades
) -> None:
    """Are the other four graded exactly as in a run where nothing failed, and the failed one absent?"""
    course, _ = no_bwrap_run
    assert scores_and_penalties(course) == {key: value for key, value in reference.items() if key[:2] != BROKEN}
    assert BROKEN not in submissions(course)
    assert statuses(course)[BROKEN] == "failed"


def test_no_sandbox_grades_where_bubblewrap_is_absent(
    no_bwrap_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """With no bwrap on PATH, does `--no-sandbox` say the sandbox is off and grade every readable submission?"""
    course, run = no_bwrap_run
    assert run.stderr.splitlines()[0] == (
        "Sandbox: OFF (--no-sandbox). Student code runs with your rights; grade trusted submissions only."
    )
    graded = {key for key, status in statuses(course).items() if status == "graded"}
    assert len(graded) == 4 and BROKEN not in graded


# A bwrap that is installed but may not create namespaces, as in a container without user namespaces.
UNUSABLE_BWRAP = """#!/bin/sh
echo "bwrap: No permissions to create a new namespace" >&2
exit 1
"""
NO_SANDBOX = "or pass --no-sandbox to grade without a sandbox (only for submissions you trust)."
INSTALL = f"Install bubblewrap, {NO_SANDBOX}"
ALLOW = (
    "Let bubblewrap create user namespaces (on the host: `sysctl kernel.unprivileged_userns_clone=1`, or "
    "`kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu; in a container: a seccomp profile that allows "
    f"them), {NO_SANDBOX}"
)


@pytest.mark.parametrize(
    ("bwrap", "cause", "advice"),
    [
        (None, "bubblewrap (bwrap) is not installed: apt-get install bubblewrap", INSTALL),
        (
            UNUSABLE_BWRAP,
            "bubblewrap cannot create namespaces here: bwrap: No permissions to create a new namespace",
            ALLOW,
        ),
    ],
    ids=["absent", "unusable"],
)
def test_without_usable_bubblewrap_grading_is_refused(
    graded_cohort: Path, tmp_path: Path, bwrap: str | None, cause: str, advice: str
) -> None:
    """Where bwrap is missing, or cannot make its namespaces, does `coursekit grade` (sandboxed by default) refuse
    with exit code 2 and one line saying why and what to do, grading nothing and leaving the gradebook as it was?"""
    course = ungraded_copy(graded_cohort, tmp_path / "course")
    before = (course / "gradebook.db").read_bytes()
    tools = tmp_path / "bin"
    tools.mkdir()
    if bwrap is not None:
        (tools / "bwrap").write_text(bwrap)
        (tools / "bwrap").chmod(0o755)
    run = coursekit("grade", "--course", str(course), path=str(tools))
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"coursekit grade: cannot sandbox student code: {cause}. {advice}"]
    assert run.stdout == ""
    assert not (course / "autograded").exists()
    assert (course / "gradebook.db").read_bytes() == before


def test_force_regrades_what_has_not_changed(graded_cohort_copy: Path, reference: Grades) -> None:
    """A grade changed in the gradebook behind coursekit's back: does a plain run keep it (nothing changed, so
    nothing is regraded), and `--force` regrade every submission, putting back the grade its answers earn?"""
    course = graded_cohort_copy
    (student, chapter, cell), (score, penalty) = next((key, value) for key, value in reference.items() if value[0] > 0)
    with open_gradebook(course) as gradebook:
        gradebook.find_grade(cell, chapter, chapter, student).auto_score = score + 1
        gradebook.db.commit()
    tampered = {**reference, (student, chapter, cell): (score + 1, penalty)}
    grade = ["grade", "--course", str(course), "--chapter", CHAPTER, "--workers", "2", "--no-sandbox"]

    plain = coursekit(*grade)
    assert plain.returncode == 0, plain.stderr[-3000:]
    assert "Grading 0 of 5 submissions." in plain.stderr.splitlines()
    assert plain.stdout.splitlines()[0] == "5 submissions: 5 unchanged"
    assert scores_and_penalties(course, CHAPTER) == tampered

    forced = coursekit(*grade, "--force")
    assert forced.returncode == 0, forced.stderr[-3000:]
    assert "Grading 5 of 5 submissions." in forced.stderr.splitlines()
    assert forced.stdout.splitlines()[0] == "5 submissions: 5 graded"
    assert scores_and_penalties(course, CHAPTER) == reference
