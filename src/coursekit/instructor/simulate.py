"""A synthetic cohort in submitted/: answers drawn from a seeded ability model, some late, some missing.

Each student has an ability and each exercise a difficulty (item response theory, 2-parameter logistic), so
scores spread as in a real class, stronger students do better on every chapter, and the same seed gives the
same cohort. Used by the demo, load tests and benchmarks.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import nbformat
from nbgrader.api import Gradebook

from coursekit.course import Course, Submission
from coursekit.errors import CoursekitError
from coursekit.notebooks.keys import Key, read_keys
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.kinds import KINDS

__all__ = ["DEFAULT_COHORT", "CohortSettings", "SimulateError", "simulate"]

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
ESSAYS = [
    "MLOps brings automation, versioning and monitoring to the whole model life cycle.",
    "It is about deploying models reliably and keeping them working once they are in production.",
    "Not sure; I think it is mostly about tools.",
]


class SimulateError(CoursekitError):
    """The cohort cannot be written (for instance, submitted/ already holds submissions)."""


@dataclass(frozen=True)
class CohortSettings:
    students: int = 30
    seed: int = 0
    late_share: float = 0.15
    missing_share: float = 0.05
    skip_share: float = 0.04


DEFAULT_COHORT = CohortSettings()


def simulate(*, course_root: Any, settings: CohortSettings = DEFAULT_COHORT, replace: bool = False) -> list[Submission]:
    """Write a cohort's submissions, with due dates set in the gradebook; return what was written."""
    course = Course.at(course_root)
    if course.submitted.is_dir() and any(course.submitted.iterdir()) and not replace:
        raise SimulateError(f"{course.submitted} already holds submissions; pass replace to overwrite them")
    rng = random.Random(settings.seed)
    chapters = course.chapters()
    due = set_due_dates(course, chapters)
    abilities = {f"student{n:03d}": rng.gauss(0.3, 1.0) for n in range(1, settings.students + 1)}
    written = []
    for chapter in chapters:
        keys = read_keys(course.source_notebook(chapter))
        shown = {exercise["id"]: exercise for exercise in list_exercises(course.release_notebook(chapter))}
        difficulty = {
            exercise_id: random.Random(f"{settings.seed}:{exercise_id}").gauss(-0.6, 0.9) for exercise_id in keys
        }
        for student, ability in abilities.items():
            if rng.random() < settings.missing_share:
                continue
            answers = {}
            for exercise_id, key in keys.items():
                if rng.random() < settings.skip_share:
                    continue
                chance = 1 / (1 + math.exp(-1.7 * (ability - difficulty[exercise_id])))
                answers[exercise_id] = simulated_answer(key, shown[exercise_id], chance, rng)
            late = rng.random() < settings.late_share
            offset = timedelta(hours=rng.uniform(1, 96)) if late else -timedelta(hours=rng.uniform(0.5, 72))
            submission = Submission(chapter, student)
            write_submission(course, submission, answers, due[chapter] + offset, rng)
            written.append(submission)
    return written


def simulated_answer(key: Key, shown: dict[str, Any], chance: float, rng: random.Random) -> Any:
    """An answer in answers.json's shape: each part right with probability `chance`."""
    return KINDS[key.kind].simulated(key.key, shown, chance, rng)


def write_submission(
    course: Course, submission: Submission, answers: dict[str, Any], when: datetime, rng: random.Random
) -> None:
    folder = course.submission_folder(submission)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    notebook = nbformat.read(course.release_notebook(submission.chapter), as_version=4)
    for cell in notebook.cells:  # hand-graded answers get a short text of varying quality
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and grading.get("solution"):
            cell.source = rng.choice(ESSAYS)
    nbformat.write(notebook, folder / f"{submission.chapter}.ipynb")
    (folder / "answers.json").write_text(json.dumps(answers, indent=1), encoding="utf-8")
    (folder / "timestamp.txt").write_text(when.strftime(TIMESTAMP_FORMAT), encoding="utf-8")


def set_due_dates(course: Course, chapters: list[str]) -> dict[str, datetime]:
    """Keep due dates the gradebook has; give the others one a week apart, the last one yesterday."""
    yesterday = datetime.now(timezone.utc).replace(hour=17, minute=0, second=0, microsecond=0) - timedelta(days=1)
    due: dict[str, datetime] = {}
    with Gradebook(course.db_url) as gradebook:
        for index, chapter in enumerate(chapters):
            assignment = gradebook.update_or_create_assignment(chapter)
            if assignment.duedate is None:
                when = yesterday - timedelta(weeks=len(chapters) - 1 - index)
                gradebook.update_or_create_assignment(chapter, duedate=when.replace(tzinfo=None))
            else:
                when = assignment.duedate.replace(tzinfo=timezone.utc)
            due[chapter] = when
    return due
