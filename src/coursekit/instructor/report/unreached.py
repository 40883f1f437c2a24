"""Exercises nobody in the cohort scored full marks on: most often a broken key, sometimes an unfair exercise.

Read from the gradebook's grade of each cell, the score students were given (late penalties aside). A key that
names an item its widget does not show, or points stated twice and differing, caps every score below the
points; the best student then loses marks too, which is what this looks for. A hand-graded answer counts once
every submission of it is graded: until then its best score can still rise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from coursekit.course import Course
from coursekit.notebooks.keys import read_keys
from coursekit.notebooks.listing import list_exercises, read_notebook

__all__ = ["Unreached", "unreached_exercises"]

_ROUNDING = 1e-6  # autograded points are rounded to 2 decimals; anything this close is full marks


@dataclass(frozen=True)
class Unreached:
    """One exercise whose best graded score is below its points."""

    chapter: str
    exercise_id: str
    title: str
    written: bool  # hand-graded: there is no key, only a rubric and a grader's marks
    points: float
    best: float
    submitted: int  # students with a graded submission of it

    @property
    def name(self) -> str:
        return f"{self.exercise_id} ({self.title})" if self.title else self.exercise_id

    @property
    def finding(self) -> str:
        """What the gradebook shows, in one sentence."""
        students = f"{self.submitted} student{'s' if self.submitted != 1 else ''}"
        points = f"{self.points:g} point{'s' if self.points != 1 else ''}"
        return (
            f"{self.name} in {self.chapter}: nobody scored full marks; {students} submitted, the best scored "
            f"{self.best:g} of {points}."
        )

    @property
    def advice(self) -> str:
        """What to do; commands in backticks."""
        if self.written:
            return (
                f"Check its rubric and model answer in source/{self.chapter}/ and the scores given in formgrader, "
                "then mark again any answer scored too strictly."
            )
        return (
            f"Check the key with `coursekit check {self.chapter}`, fix it in source/, then run "
            f"`coursekit release {self.chapter}` and `coursekit grade --chapter {self.chapter} --force`; if the check "
            "finds nothing, review the exercise's wording."
        )

    def line(self) -> str:
        """One line for the terminal."""
        return f"warning: {self.finding} {self.advice}"


def unreached_exercises(course: Course, chapter: str, assignment: Any) -> list[Unreached]:
    """The chapter's exercises, in notebook order, whose best graded score is below their points."""
    best: dict[str, float] = {}
    points: dict[str, float] = {}
    graded: Counter[str] = Counter()
    pending: set[str] = set()
    for submission in assignment.submissions:
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                points[grade.name] = float(grade.max_score)
                if grade.needs_manual_grade:
                    pending.add(grade.name)
                    continue
                graded[grade.name] += 1
                best[grade.name] = max(best.get(grade.name, 0.0), float(grade.score or 0.0))
    cells = _exercises_by_cell(course, chapter)
    for grade_id in points:  # graded under a cell the source no longer has: still reported, by its cell id
        cells.setdefault(grade_id, (f"{chapter}.{grade_id}", "", False))
    found = []
    for grade_id, (exercise_id, title, written) in cells.items():
        if grade_id in pending or not graded[grade_id] or best[grade_id] >= points[grade_id] - _ROUNDING:
            continue
        found.append(
            Unreached(chapter, exercise_id, title, written, points[grade_id], best[grade_id], graded[grade_id])
        )
    return found


def _exercises_by_cell(course: Course, chapter: str) -> dict[str, tuple[str, str, bool]]:
    """Every grade cell of the source notebook, in order: its exercise id, title and whether it is hand-graded.

    A test cell whose grading call names no widget's id (a typo in the key) keeps that id, with no title.
    """
    source = course.source_notebook(chapter)
    listed = {exercise["id"]: exercise for exercise in list_exercises(source)}
    graded_by = {key.grade_id: key.exercise_id for key in read_keys(source).values()}
    by_cell: dict[str, tuple[str, str, bool]] = {}
    for cell in read_notebook(source).cells:
        grading = cell.metadata.get("nbgrader", {})
        if not grading.get("grade"):
            continue
        grade_id = grading.get("grade_id", "")
        exercise_id = graded_by.get(grade_id, f"{chapter}.{grade_id}")
        exercise = listed.get(exercise_id, {})
        by_cell[grade_id] = (exercise_id, exercise.get("title", ""), exercise.get("kind") == "written")
    return by_cell
