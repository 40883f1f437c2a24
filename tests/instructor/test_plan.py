"""`coursekit plan`: docs/chapters.md and the README's chapter table are generated from the notebooks and
course_plan.toml, and adding a chapter the documented way keeps the course's tests green."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.cli import main
from coursekit.course import Course
from coursekit.instructor.plan import BEGIN, CHAPTERS_PAGE, END, PLAN_FILE, README, PlanError, course_order, read_plan
from coursekit.notebooks.listing import list_exercises
from repo import COURSE, REPO, copy_sources

AUTHORING = REPO / "docs" / "authoring.md"
# The course-plan tests: everything that reads the course's chapters and runs no nbgrader cohort.
COURSE_TESTS = ["test_chapters.py", "test_reading.py", "test_figures.py", "instructor/test_plan.py"]


def planned_course(folder: Path) -> Path:
    """The course with everything `coursekit plan` and the course-plan tests read: config, plan file, source/,
    release/, README and docs/chapters.md."""
    copy_sources(folder)
    shutil.copytree(COURSE / "release", folder / "release")
    (folder / "docs").mkdir()
    for path in (README, CHAPTERS_PAGE):
        shutil.copy(COURSE / path, folder / path)
    return folder


@pytest.mark.course
def test_committed_chapter_pages_are_what_the_plan_generates(capsys: pytest.CaptureFixture[str]) -> None:
    """Are docs/chapters.md and the README's chapter table exactly what `coursekit plan --write` writes, and do
    they list every exercise of every chapter? (Regenerate with `coursekit plan --write`.)"""
    assert main(["plan", "--check", "--course", str(COURSE)]) == 0, capsys.readouterr().out
    readme = (COURSE / README).read_text(encoding="utf-8")
    table = readme[readme.index(BEGIN) : readme.index(END)]
    page = (COURSE / CHAPTERS_PAGE).read_text(encoding="utf-8")
    for chapter in Course(COURSE).chapters():
        assert f"| {chapter} |" in table
        for exercise in list_exercises(Course(COURSE).source_notebook(chapter)):
            assert f"| `{exercise['id']}` |" in page


def test_check_names_each_stale_file_and_write_brings_it_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does --check exit 1 naming each stale file and the command to run, and does --write fix just those?"""
    course = planned_course(tmp_path / "course")
    page = course / CHAPTERS_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("| 3 |", "| 30 |"), encoding="utf-8")
    assert main(["plan", "--check", "--course", str(course)]) == 1
    out = capsys.readouterr().out
    assert "docs/chapters.md is out of date: run `coursekit plan --write`" in out and "README" not in out
    readme = course / README
    readme.write_text(readme.read_text(encoding="utf-8").replace("| ch01 |", "| ch00 |"), encoding="utf-8")
    assert main(["plan", "--check", "--course", str(course)]) == 1
    assert "README.md is out of date" in capsys.readouterr().out
    assert main(["plan", "--write", "--course", str(course)]) == 0
    assert capsys.readouterr().out.split() == ["wrote", "docs/chapters.md", "wrote", "README.md"]
    assert main(["plan", "--check", "--course", str(course)]) == 0
    assert (course / README).read_text(encoding="utf-8") == (COURSE / README).read_text(encoding="utf-8")


def test_plain_plan_prints_the_chapter_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Does `coursekit plan` print the table the README shows, essays just before the chapter they are due
    before?"""
    assert main(["plan", "--course", str(COURSE)]) == 0
    printed = capsys.readouterr().out
    readme = (COURSE / README).read_text(encoding="utf-8")
    assert BEGIN + "\n" + printed + END in readme
    order = course_order(Course(COURSE), read_plan(Course(COURSE)))
    for essays, entry in read_plan(Course(COURSE)).chapters.items():
        if entry.due_before:
            assert order.index(essays) == order.index(entry.due_before) - 1


def test_a_course_without_plan_file_or_readme_table(tiny_course: Path) -> None:
    """Does a course with no course_plan.toml get its chapters page all the same, and a README without the
    markers stay untouched?"""
    (tiny_course / README).write_text("# A course\n", encoding="utf-8")
    assert main(["plan", "--write", "--course", str(tiny_course)]) == 0
    assert "`ps1." in (tiny_course / CHAPTERS_PAGE).read_text(encoding="utf-8")
    assert (tiny_course / README).read_text(encoding="utf-8") == "# A course\n"
    assert main(["plan", "--check", "--course", str(tiny_course)]) == 0


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ('[chapters.ps9]\nseed = "x.txt"\n', r"\[chapters.ps9\]: no such chapter \(no source/ps9/ps9.ipynb\)"),
        ('[chapters.ps1]\ndue = "ps1"\n', r"\[chapters.ps1\]: unknown due; known: due_before, seed"),
        ('[chapters.ps1]\ndue_before = "ps1"\n', "due_before = 'ps1' is not another chapter"),
        ("min_autograded = -1\n", "min_autograded must be a whole number"),
        ("minimum = 8\n", "course_plan.toml: unknown minimum"),
        ("notes = [\n", "course_plan.toml: "),
    ],
)
def test_a_plan_file_that_disagrees_with_source_is_refused(
    tiny_course: Path, plan: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a plan naming a chapter source/ lacks, an unknown key or a bad value refused, saying where?"""
    (tiny_course / PLAN_FILE).write_text(plan, encoding="utf-8")
    with pytest.raises(PlanError, match=message):
        read_plan(Course(tiny_course))
    assert main(["plan", "--write", "--course", str(tiny_course)]) == 2
    assert "coursekit plan: course_plan.toml" in capsys.readouterr().err
    assert not (tiny_course / CHAPTERS_PAGE).exists()


def test_the_authoring_guide_says_how_to_add_a_chapter() -> None:
    """Does docs/authoring.md's "Add a chapter" section give the commands the test below runs, and the rest?"""
    text = AUTHORING.read_text(encoding="utf-8")
    section = text[text.index("## Add a chapter") :]
    section = section[: section.find("\n## ", 1) if "\n## " in section[1:] else len(section)]
    for step in ("coursekit check ch06", "coursekit release ch06", "coursekit plan --write", "make test"):
        assert step in section
    assert "nbgrader release_assignment ch06" in section and PLAN_FILE in section


def add_chapter(course: Path, name: str, copy_of: str) -> None:
    """Add a chapter as docs/authoring.md says: a copy of an existing chapter, its exercise ids renamed, its
    title changed, and an entry in the plan file."""
    notebook = nbformat.read(course / "source" / copy_of / f"{copy_of}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = cell.source.replace(f"{copy_of}.", f"{name}.")
    number = int(re.sub(r"\D", "", name))
    notebook.cells[0].source = re.sub(r"^# \d+\. (.*)", rf"# {number}. \1, Revisited", notebook.cells[0].source)
    (course / "source" / name).mkdir()
    nbformat.write(notebook, course / "source" / name / f"{name}.ipynb")
    with (course / PLAN_FILE).open("a", encoding="utf-8") as plan:
        plan.write(f'\n[chapters.{name}]\nseed = "a seed text.txt"\n')


@pytest.mark.nbgrader
def test_a_chapter_added_the_documented_way_keeps_the_course_tests_green(tmp_path: Path) -> None:
    """After adding ch06 to a copy of the course (copy ch01, rename its ids, `coursekit release ch06`,
    `coursekit plan --write`), do the course-plan tests pass on that copy, ch06 included?"""
    course = planned_course(tmp_path / "course")
    add_chapter(course, "ch06", copy_of="ch01")
    assert main(["release", "ch06", "--course", str(course)]) == 0
    assert main(["plan", "--check", "--course", str(course)]) == 1  # the new chapter makes both files stale
    assert main(["plan", "--write", "--course", str(course)]) == 0
    assert "| ch06 | MLOps in a Nutshell, Revisited | 8 | 19 | 0 |" in (course / README).read_text(encoding="utf-8")
    tests = [f"tests/{path}" for path in COURSE_TESTS]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *tests, "-m", "course and not nbgrader", "-v", "-p", "no:cacheprovider"],
        cwd=REPO,
        env={**os.environ, "COURSEKIT_COURSE": str(course)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert re.search(r"test_listing_covers_every_exercise\[ch06\] PASSED", result.stdout)
    assert re.search(r"test_committed_chapter_pages_are_what_the_plan_generates PASSED", result.stdout)
