"""Which of a chapter's nbgrader cells changed since the gradebook last recorded it.

nbgrader refuses to rebuild a notebook that has submissions when its set of grade, solution, task or locked
cells changed (it cannot carry grades over). Knowing the change before running nbgrader lets `release` refuse
without touching anything and `release --update` say what it carries over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry

from coursekit.course import Course
from coursekit.notebooks.listing import read_notebook

__all__ = ["CellChanges", "cell_changes", "source_cells"]


@dataclass(frozen=True)
class CellChanges:
    """Grade ids of nbgrader cells added to and removed from the source, and the submissions they affect."""

    submissions: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retyped: list[str] = field(default_factory=list)  # kept, but now graded, answered or locked differently

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.retyped)

    def summary(self) -> str:
        parts = [
            f"{label}: {', '.join(names)}"
            for label, names in (("added", self.added), ("removed", self.removed), ("changed kind", self.retyped))
            if names
        ]
        return "; ".join(parts) or "no cell added or removed"


_ROLES = {"grade": utils.is_grade, "solution": utils.is_solution, "task": utils.is_task}


def source_cells(course: Course, chapter: str) -> dict[str, set[str]]:
    """The source notebook's grade ids by the role nbgrader records: grade, solution, task and source cells."""
    roles: dict[str, set[str]] = {"grade": set(), "solution": set(), "task": set(), "source": set()}
    for cell in read_notebook(course.source_notebook(chapter)).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not grade_id:
            continue
        for role, check in _ROLES.items():
            if check(cell):
                roles[role].add(grade_id)
        if utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell) or utils.is_task(cell):
            roles["source"].add(grade_id)
    return roles


def cell_changes(course: Course, chapter: str) -> CellChanges | None:
    """How the source's cells differ from the gradebook's record of them; None when nobody has submitted."""
    if not course.has_gradebook():
        return None
    with Gradebook(course.db_url) as gradebook:
        try:
            notebook = gradebook.find_notebook(chapter, chapter)
        except MissingEntry:
            return None
        if not notebook.submissions:
            return None
        recorded = {
            "grade": {cell.name for cell in notebook.grade_cells},
            "solution": {cell.name for cell in notebook.solution_cells},
            "task": {cell.name for cell in notebook.task_cells},
            "source": {cell.name for cell in notebook.source_cells},
        }
        submissions = len(notebook.submissions)
    now = source_cells(course, chapter)
    before_all, now_all = set().union(*recorded.values()), set().union(*now.values())
    kept = before_all & now_all
    retyped = sorted(name for name in kept if any((name in recorded[r]) != (name in now[r]) for r in recorded))
    return CellChanges(submissions, sorted(now_all - before_all), sorted(before_all - now_all), retyped)
