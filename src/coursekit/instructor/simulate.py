"""A synthetic cohort in submitted/: answers drawn from a seeded ability model, some late, some missing.

Each student has an ability and each exercise a difficulty (item response theory, 2-parameter logistic), so
scores spread as in a real class, stronger students do better on every chapter, and the same seed gives the
same cohort. Used by the demo, load tests and benchmarks.

Simulating leaves the course alone: the gradebook is only read (due dates are set only when asked), and a
submitted/ holding real students' work is refused, since synthetic students would be graded, reported and given
feedback beside them.
"""

from __future__ import annotations

import json
import math
import random
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from coursekit.course import Course, Submission
from coursekit.errors import CoursekitError
from coursekit.instructor import simulated_students
from coursekit.notebooks.keys import Key, read_keys
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.kinds import KINDS

__all__ = ["DEFAULT_COHORT", "CohortSettings", "SimulateError", "SimulatedCohort", "simulate"]

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
ESSAYS = [
    "MLOps brings automation, versioning and monitoring to the whole model life cycle.",
    "It is about deploying models reliably and keeping them working once they are in production.",
    "Not sure; I think it is mostly about tools.",
]


class SimulateError(CoursekitError):
    """The cohort cannot be written (submitted/ holds real students' work, or a cohort and no --replace)."""


@dataclass(frozen=True)
class CohortSettings:
    students: int = 30
    seed: int = 0
    late_share: float = 0.15
    missing_share: float = 0.05
    skip_share: float = 0.04


DEFAULT_COHORT = CohortSettings()


@dataclass(frozen=True)
class SimulatedCohort:
    """What simulate wrote, and each chapter's due date in the gradebook afterwards (None: none, nothing late)."""

    folder: Path
    submissions: list[Submission]
    due: dict[str, datetime | None]
    due_dates_set: list[str]

    @property
    def students(self) -> int:
        return len({submission.student for submission in self.submissions})

    def summary(self) -> str:
        """What the command line prints: where, how many, and what became of the due dates."""
        lines = [f"wrote {len(self.submissions)} submissions from {self.students} students to {self.folder}"]
        if self.due_dates_set:
            kept = [chapter for chapter in self.due if chapter not in self.due_dates_set]
            kept_text = f"; {', '.join(kept)} kept {_its(kept)} own" if kept else ""
            dated = ", ".join(self.due_dates_set)
            lines.append(f"due dates: set in the gradebook for {dated} (a week apart, the last yesterday){kept_text}")
        else:
            lines.append("due dates: left alone (the gradebook is only read)")
        undated = [chapter for chapter, when in self.due.items() if when is None]
        if undated:
            them = "it" if len(undated) == 1 else "them"
            lines.append(
                f"no due date for {', '.join(undated)}: none of {_its(undated)} submissions is late "
                f"(--set-due-dates gives {them} one)"
            )
        return "\n".join(lines)


def _its(chapters: list[str]) -> str:
    return "its" if len(chapters) == 1 else "their"


def simulate(
    *,
    course_root: Any,
    settings: CohortSettings = DEFAULT_COHORT,
    replace: bool = False,
    set_due_dates: bool = False,
) -> SimulatedCohort:
    """Write a cohort's submissions, listed as simulated; give chapters without a due date one only when
    `set_due_dates`. Refuses a submitted/ holding real work, and an earlier cohort unless `replace`."""
    course = Course.at(course_root)
    refuse_real_work(course)
    if earlier := simulated_students.simulated_students(course):
        if not replace:
            raise SimulateError(
                f"{course.submitted} already holds submissions of a simulated cohort ({len(earlier)} students); "
                "pass --replace to overwrite them"
            )
        simulated_students.remove_simulated(course)  # the whole earlier cohort, so none of it outlives --replace
    rng = random.Random(settings.seed)
    chapters = course.chapters()
    existing = read_due_dates(course, chapters)
    planned = planned_due_dates(chapters)
    abilities = {f"student{n:03d}": rng.gauss(0.3, 1.0) for n in range(1, settings.students + 1)}
    written: list[Submission] = []
    recorded: simulated_students.Written = {}
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
            when = (existing[chapter] or planned[chapter]) + offset
            submission = Submission(chapter, student)
            # listed before it is written, so a run stopped half-way leaves nothing that looks like a real student
            recorded.setdefault(student, {})[chapter] = when.strftime(TIMESTAMP_FORMAT)
            simulated_students.record(course, recorded)
            write_submission(course, submission, answers, when, rng)
            written.append(submission)
    given = [chapter for chapter in chapters if existing[chapter] is None] if set_due_dates else []
    write_due_dates(course, {chapter: planned[chapter] for chapter in given})
    due = {chapter: existing[chapter] or (planned[chapter] if chapter in given else None) for chapter in chapters}
    return SimulatedCohort(course.submitted, written, due, given)


def refuse_real_work(course: Course) -> None:
    """Stop before anything is written when submitted/ holds work simulate did not write."""
    real = simulated_students.real_work(course)
    if not real:
        return
    example = real[0].relative_to(course.root)
    more = f" and {len(real) - 1} more" if len(real) > 1 else ""
    raise SimulateError(
        f"{course.submitted} holds work coursekit simulate did not write: {example}{more}, a real student's as "
        f"far as coursekit can tell. Simulating here would mix synthetic students into a real class, so nothing was "
        f"written (--replace only ever replaces a simulated cohort). Simulate into a copy of the course instead: "
        f"`coursekit demo --into DIR` makes one and runs the whole chain there. (Cohorts simulated by an older "
        f"coursekit are not listed in {simulated_students.MANIFEST}: if {example.parts[1]} is one of those, delete "
        "such folders yourself.)"
    )


def simulated_answer(key: Key, shown: dict[str, Any], chance: float, rng: random.Random) -> Any:
    """An answer in answers.json's shape: each part right with probability `chance`."""
    return KINDS[key.kind].simulated(key.key, shown, chance, rng)


def write_submission(
    course: Course, submission: Submission, answers: dict[str, Any], when: datetime, rng: random.Random
) -> None:
    """A submission folder as `nbgrader collect` leaves it: notebook, answers, timestamp and submission secret."""
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
    # nbgrader submit writes a random secret; release_feedback names the returned page by a hash of it (and
    # fails for the whole chapter when one is missing). Not drawn from `rng`: the cohort stays the seed's.
    (folder / "submission_secret.txt").write_text(secrets.token_hex(64), encoding="utf-8")
    (folder / "timestamp.txt").write_text(when.strftime(TIMESTAMP_FORMAT), encoding="utf-8")


def planned_due_dates(chapters: list[str]) -> dict[str, datetime]:
    """Due dates a week apart, the last one yesterday at 17:00 UTC (computed, not stored)."""
    yesterday = datetime.now(timezone.utc).replace(hour=17, minute=0, second=0, microsecond=0) - timedelta(days=1)
    return {chapter: yesterday - timedelta(weeks=len(chapters) - 1 - i) for i, chapter in enumerate(chapters)}


def read_due_dates(course: Course, chapters: list[str]) -> dict[str, datetime | None]:
    """Each chapter's due date in the gradebook (UTC), None where it has none. Only read: a missing SQLite
    gradebook is not created, and nothing opened is committed."""
    if not course.has_gradebook():
        return dict.fromkeys(chapters)
    due: dict[str, datetime | None] = {}
    with Gradebook(course.db_url, course.config().CourseDirectory.course_id) as gradebook:
        for chapter in chapters:
            try:
                when = gradebook.find_assignment(chapter).duedate
            except MissingEntry:
                when = None
            due[chapter] = None if when is None else when.replace(tzinfo=timezone.utc)  # stored as naive UTC
    return due


def write_due_dates(course: Course, due: dict[str, datetime]) -> None:
    """Store these due dates in the gradebook (naive UTC, as nbgrader keeps them)."""
    if not due:
        return
    with Gradebook(course.db_url, course.config().CourseDirectory.course_id) as gradebook:
        for chapter, when in due.items():
            gradebook.update_or_create_assignment(chapter, duedate=when.astimezone(timezone.utc).replace(tzinfo=None))
