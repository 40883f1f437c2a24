"""A small simulated course for pipeline tests: two chapters, a seeded cohort, released by nbgrader."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbgrader.utils import compute_checksum

from coursekit.course import Course
from coursekit.instructor.gradebook_copy import copy_gradebook
from coursekit.instructor.release import release
from coursekit.instructor.simulate import CohortSettings, simulate
from gradebook_reader import open_gradebook, scores_and_penalties
from repo import copy_sources

CHAPTERS = ["ch01", "ch05"]


def make_course(folder: Path, *, students: int = 5, seed: int = 7) -> Path:
    """Config and two chapters copied from the project, released, with a simulated cohort submitted."""
    copy_sources(folder, CHAPTERS)
    release(course_root=folder)
    # due dates set, so late work is penalised (tests compare penalties)
    settings = CohortSettings(students=students, seed=seed, late_share=0.3)
    simulate(course_root=folder, settings=settings, set_due_dates=True)
    return folder


def copy_course(course: Path, folder: Path) -> Path:
    """An identical copy (gradebook included), to grade the same cohort two ways."""
    shutil.copytree(course, folder)
    return folder


def ungraded_copy(graded: Path, folder: Path) -> Path:
    """`graded` as it was before grading: released and submitted, students in the gradebook, no grade anywhere."""
    course = copy_course(graded, folder)
    shutil.rmtree(course / "autograded")
    with open_gradebook(course) as gradebook:
        for assignment in gradebook.assignments:
            for submission in list(assignment.submissions):
                gradebook.remove_submission(assignment.name, submission.student.id)
    return course


def on_postgres(graded: Path, folder: Path, database_url: str) -> Path:
    """`graded` as it was before grading (see `ungraded_copy`), its gradebook moved into the PostgreSQL database at
    `database_url` and its gradebook.db removed: grade it with COURSEKIT_DB_URL set to that URL."""
    course = ungraded_copy(graded, folder)
    copy_gradebook(f"sqlite:///{course / 'gradebook.db'}", database_url)
    (course / "gradebook.db").unlink()
    return course


def prepend_to_test_cells(course: Path | Course, code: str, grade_ids: list[str]) -> None:
    """Put `code` in front of these ch01 hidden tests in the gradebook's copy of the source, which autograde runs
    (a Course: the gradebook its configuration names, PostgreSQL included)."""
    root = course.root if isinstance(course, Course) else course
    release = nbformat.read(root / "release" / "ch01" / "ch01.ipynb", as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in release.cells}
    with open_gradebook(course) as gradebook:
        for grade_id in grade_ids:
            cell, source_cell = cells[grade_id], gradebook.find_source_cell(grade_id, "ch01", "ch01")
            cell.source = code + source_cell.source
            source_cell.source, source_cell.checksum = cell.source, compute_checksum(cell)
        gradebook.db.commit()


Scores = dict[tuple[str, str, str], tuple[float, float]]


def gradebook_scores(course: Path) -> Scores:
    """(chapter, student, grade cell) to (score, the late penalty), for every grade: kept for modules written
    against it; new tests read tests/gradebook_reader.py, keyed (student, chapter, grade cell)."""
    return {(chapter, student, cell): value for (student, chapter, cell), value in scores_and_penalties(course).items()}
