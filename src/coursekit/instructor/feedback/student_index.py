"""A student's feedback index, feedback/<student>/index.html: every chapter with its score and a link to its
page, the total, and the exercises that lost the most points, so a student knows what to review first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from nbgrader.api import Gradebook

from coursekit.course import Course
from coursekit.instructor.feedback.exporter import TEMPLATES
from coursekit.instructor.feedback.wording import lateness, marks, points
from coursekit.notebooks.keys import read_keys
from coursekit.notebooks.listing import NotebookError, list_exercises, read_notebook, split_heading

__all__ = ["ChapterLine", "Lost", "StudentIndex", "student_indexes", "write_student_indexes"]

REVIEW = 5  # exercises listed under "what to review first"
_PAGES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True
)


@dataclass(frozen=True)
class ChapterLine:
    chapter: str
    title: str
    score: str  # in words: "12 of 20 points", "not submitted"
    notes: list[str]  # late, penalty, answers waiting for a grader
    page: str  # link to the chapter's feedback page, relative to the index; empty when there is none


@dataclass(frozen=True)
class Lost:
    chapter: str
    title: str
    lost: float
    points: float
    link: str

    @property
    def said(self) -> str:
        return f"lost {round(self.lost, 2):g} of {points(self.points)}"


@dataclass(frozen=True)
class StudentIndex:
    student: str
    chapters: list[ChapterLine]
    total: str
    review: list[Lost]


def student_indexes(course: Course) -> list[StudentIndex]:
    """One index per student with a graded submission."""
    with Gradebook(course.db_url) as gradebook:
        assignments = [a for a in gradebook.assignments if course.source_notebook(a.name).is_file()]
        everyone = sorted({s.student.id for a in assignments for s in a.submissions})
        lines: dict[str, list[ChapterLine]] = {student: [] for student in everyone}
        losses: dict[str, list[Lost]] = {student: [] for student in everyone}
        earned = dict.fromkeys(everyone, 0.0)
        for assignment in assignments:
            titles = _titles(course, assignment.name)
            submitted = {s.student.id: s for s in assignment.submissions}
            for student in everyone:
                line, score, lost = _chapter(course, student, assignment, submitted.get(student), titles)
                lines[student].append(line)
                losses[student] += lost
                earned[student] += score
        course_total = sum(float(a.max_score) for a in assignments)
    return [
        StudentIndex(
            student,
            lines[student],
            marks(earned[student], course_total),
            sorted(losses[student], key=_worst_first)[:REVIEW],
        )
        for student in everyone
    ]


def _worst_first(lost: Lost) -> tuple[float, float]:
    return -lost.lost, -lost.lost / lost.points


def _chapter(
    course: Course, student: str, assignment: Any, submission: Any | None, titles: dict[str, str]
) -> tuple[ChapterLine, float, list[Lost]]:
    """A chapter's line in a student's index, the points it adds to the total, and the points its exercises lost."""
    chapter, max_score = assignment.name, float(assignment.max_score)
    if submission is None:
        return ChapterLine(chapter, titles[""], f"not submitted ({points(max_score)})", [], ""), 0.0, []
    page = course.feedback / student / chapter / f"{chapter}.html"
    link = f"{chapter}/{chapter}.html" if page.is_file() else ""
    penalty = float(submission.late_submission_penalty or 0.0)
    final = max(0.0, float(submission.score) - penalty)
    pending, lost = 0, []
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if grade.needs_manual_grade and grade.manual_score is None:
                pending += 1
            elif (missing := float(grade.max_score) - float(grade.score)) > 0:
                title = titles.get(grade.name, grade.name)
                anchor = f"{link}#{grade.name}" if link else ""
                lost.append(Lost(chapter, title, missing, float(grade.max_score), anchor))
    notes = [lateness(float(submission.total_seconds_late or 0.0))] if submission.total_seconds_late else []
    if penalty:
        notes.append(f"late penalty −{penalty:g} points")
    if pending:
        notes.append(f"{pending} written answer{'s' if pending != 1 else ''} not graded yet")
    return ChapterLine(chapter, titles[""], marks(final, max_score), notes, link), final, lost


def write_student_indexes(course: Course) -> list[Path]:
    """Write feedback/<student>/index.html for each student with a graded submission; return the pages."""
    css = Markup((TEMPLATES / "coursekit_feedback" / "feedback.css").read_text(encoding="utf-8"))
    template = _PAGES.get_template("student_index.html.j2")
    written = []
    for index in student_indexes(course):
        path = course.feedback / index.student / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(".index.html.tmp")
        scratch.write_text(template.render(index=index, css=css), encoding="utf-8")
        scratch.replace(path)  # a student's browser never reads a half-written page
        written.append(path)
    return written


def _titles(course: Course, chapter: str) -> dict[str, str]:
    """The chapter's title (under "") and each grade cell's exercise title, from its source notebook."""
    path = course.source_notebook(chapter)
    try:
        notebook = read_notebook(path)
        exercises = list_exercises(path)
        by_id = {exercise["id"]: exercise["title"] for exercise in exercises}
        keys = read_keys(path)
    except NotebookError:
        return {"": chapter}
    first = next((cell.source for cell in notebook.cells if cell.cell_type == "markdown"), "")
    level, title, _ = split_heading(first)
    titles = {"": title if level == 1 else chapter}
    titles.update({key.grade_id: by_id.get(key.exercise_id, key.exercise_id) for key in keys.values()})
    titles.update({e["id"].split(".", 1)[1]: e["title"] for e in exercises if e["kind"] == "written"})
    return titles
