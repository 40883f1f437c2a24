"""`coursekit check`: the course linter, also run by `coursekit release` before it touches anything.

It reads source notebooks as text, never running them, and finds the authoring mistakes that otherwise pass
silently until students are graded: a key that does not fit its widget (a perfect answer then earns part of
the points), points stated twice and differing (nbgrader then fails the best students), an exercise graded
twice or not at all, a reused id (two widgets sharing one answer), an answers.json under source/, and a
committed release that no longer matches its source.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.instructor.release_build import build_into, same_release
from coursekit.notebooks.calls import NOT_LITERAL, Call, find_calls
from coursekit.notebooks.keys import BEGIN, GRADERS, hidden_part
from coursekit.notebooks.listing import NotebookError, list_exercises, read_notebook
from coursekit.scoring.kinds import BY_GRADER, KINDS
from coursekit.scoring.rules import KeyShapeError
from coursekit.student.answers import ANSWERS_FILE
from coursekit.student.headings import names_exercise

__all__ = ["CheckError", "Problem", "check_course", "raise_on_problems"]


@dataclass(frozen=True)
class Problem:
    """One authoring mistake: the chapter, what it is about (an exercise id, a cell's grade id or a file) and
    what is wrong, with the fix."""

    chapter: str
    where: str
    message: str

    def line(self) -> str:
        return f"{self.chapter}: {self.where}: {self.message}"


class CheckError(CoursekitError):
    """The course has authoring mistakes; the message lists them, one per line."""


def raise_on_problems(problems: Sequence[Problem], *, then: str) -> None:
    """Stop with every problem listed, and what stays untouched (`then`), when there is any."""
    if problems:
        lines = "\n".join(f"  {problem.line()}" for problem in problems)
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise CheckError(f"{count} in the course's source notebooks:\n{lines}\n{then}")


def check_course(
    course_root: str | Path, chapters: Sequence[str] = (), *, release_current: bool = True
) -> list[Problem]:
    """Every problem in the given chapters (all when none are named); [] when the course is sound.

    `release_current` also builds each chapter's release aside with nbgrader and compares it with the
    committed one (release itself skips it: it is about to rebuild).
    """
    course = Course.at(course_root)
    known = course.chapters()
    unknown = [chapter for chapter in chapters if chapter not in known]
    if unknown:
        raise CheckError(f"unknown chapter {unknown[0]!r}; chapters are {', '.join(known) or 'none'}")
    wanted = list(chapters) or known
    problems = []
    for path in sorted(course.source.rglob(ANSWERS_FILE)):
        inside = path.relative_to(course.source)
        chapter = inside.parts[0] if len(inside.parts) > 1 else "source"
        if chapter in wanted or chapter not in known:
            message = "would be released to every student and overwrite their answers at autograde; delete it"
            problems.append(Problem(chapter, f"source/{inside.as_posix()}", message))
    widget_ids: dict[str, list[str]] = {}
    for chapter in known:
        try:
            listed = list_exercises(course.source_notebook(chapter))
        except NotebookError as error:
            if chapter in wanted:
                problems.append(Problem(chapter, f"{chapter}.ipynb", f"{error}; fix or restore the notebook"))
            continue
        for exercise in listed:
            widget_ids.setdefault(exercise["id"], []).append(chapter)
        if chapter in wanted:
            problems += _chapter_problems(chapter, read_notebook(course.source_notebook(chapter)), listed)
    for exercise_id, where in sorted(widget_ids.items()):
        if len(where) > 1 and set(where) & set(wanted):
            problems.append(
                Problem(
                    where[0],
                    exercise_id,
                    f"the id is used by {len(where)} exercises (in {' and '.join(sorted(set(where)))}); they "
                    "would share one answer: give each its own id",
                )
            )
    if release_current:
        problems += _release_problems(course, [c for c in wanted if not any(p.chapter == c for p in problems)])
    return problems


def _chapter_problems(chapter: str, notebook: Any, listed: list[dict[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    grade_ids = Counter(
        cell.metadata["nbgrader"].get("grade_id", "") for cell in notebook.cells if "nbgrader" in cell.metadata
    )
    for grade_id, count in grade_ids.items():
        if not grade_id:
            problems.append(
                Problem(
                    chapter,
                    "cell",
                    f"{count} nbgrader cell(s) have no grade_id; give each a unique grade_id in its nbgrader metadata",
                )
            )
        elif count > 1:
            problems.append(
                Problem(
                    chapter,
                    grade_id,
                    f"the grade_id is used by {count} cells; nbgrader needs "
                    "each cell's grade_id unique: rename all but one",
                )
            )
    widgets = {exercise["id"]: exercise for exercise in listed if exercise["kind"] != "written"}
    graded: Counter[str] = Counter()
    for cell in notebook.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not grading.get("grade") or grading.get("solution"):
            continue
        grade_id = grading.get("grade_id", "")
        calls = find_calls(hidden_part(cell.source), GRADERS)
        graded.update(call.exercise_id for call in calls)
        if len(calls) != 1:
            problems.append(
                Problem(
                    chapter,
                    grade_id,
                    f"the graded test cell holds {len(calls)} grading calls in "
                    "its hidden test; give each exercise a test cell of its own with one call",
                )
            )
        for call in calls:
            problems += _call_problems(chapter, call, widgets.get(call.exercise_id), cell.source, grading)
    for exercise_id in widgets:
        if graded[exercise_id] == 0:
            problems.append(
                Problem(
                    chapter,
                    exercise_id,
                    "no hidden test grades this exercise; add a graded "
                    f"test cell calling {KINDS[widgets[exercise_id]['kind']].grader}"
                    f"({exercise_id!r}, key=..., points=...)",
                )
            )
        elif graded[exercise_id] > 1:
            problems.append(
                Problem(
                    chapter,
                    exercise_id,
                    f"{graded[exercise_id]} hidden tests grade this "
                    "exercise, so its points count more than once; keep one",
                )
            )
    return problems


def _call_problems(
    chapter: str, call: Call, widget: dict[str, Any] | None, source: str, grading: dict[str, Any]
) -> list[Problem]:
    def problem(message: str) -> Problem:
        return Problem(chapter, call.exercise_id, message)

    kind = BY_GRADER[call.name]
    if widget is None:
        return [
            problem(
                f"the hidden test of cell {grading.get('grade_id')!r} grades an exercise no widget in "
                "the chapter shows; fix the id in the test or add the widget"
            )
        ]
    if widget["kind"] != kind.name:
        return [
            problem(
                f"the widget is {KINDS[widget['kind']].widget} but its hidden test calls {call.name}; "
                f"call {KINDS[widget['kind']].grader}"
            )
        ]
    problems = []
    if not names_exercise(source.split(BEGIN)[0], call.exercise_id):
        problems.append(
            problem(
                "the visible part of its test cell does not name the exercise id, so listings "
                f"show 0 points; start the cell with '# Autograder test for {call.exercise_id}'"
            )
        )
    key, points = call.arguments.get("key", NOT_LITERAL), call.arguments.get("points", NOT_LITERAL)
    if key is NOT_LITERAL or points is NOT_LITERAL:
        return [*problems, problem(f"the {call.name}(...) call needs key= and points= written as plain values")]
    cell_points = float(grading.get("points", 0))
    if float(points) != cell_points:
        problems.append(
            problem(
                f"points={points:g} in the hidden test but the cell's nbgrader metadata gives "
                f"{cell_points:g} points; make them equal"
            )
        )
    try:
        kind.score(None, key)  # every rule checks its key's shape before the answer
    except KeyShapeError as error:
        return [
            *problems,
            problem(f"the key has the wrong shape ({error}); a {kind.name.replace('_', ' ')} key is {kind.key_shape}"),
        ]
    problems += [
        problem(f"{misfit}; make the key and the widget name the same things") for misfit in kind.fit(key, widget)
    ]
    return problems


def _release_problems(course: Course, chapters: list[str]) -> list[Problem]:
    released = [chapter for chapter in chapters if course.release_notebook(chapter).is_file()]
    problems = [
        Problem(chapter, "release", f"not released yet: run `coursekit release {chapter}`")
        for chapter in chapters
        if chapter not in released
    ]
    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as scratch:
        for chapter in released:  # one after another: nbgrader builds in this process, in its working folder
            fresh = build_into(course, chapter, Path(scratch))
            if not same_release(fresh, course.release_notebook(chapter)):
                problems.append(
                    Problem(
                        chapter,
                        "release",
                        f"release/{chapter} is not what its source "
                        f"builds now: run `coursekit release {chapter}` and commit release/{chapter}",
                    )
                )
    return problems
