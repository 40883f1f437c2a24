"""reports/canvas-grades.csv: the chapter scores of reports/grades.csv as a file Canvas's gradebook imports as is.

Canvas (Grades > Import) reads a CSV shaped like its own export: the student columns Student through Section, one
column per assignment, and a "Points Possible" row. Its importer finds each student by the ID column first (then
SIS User ID, SIS Login ID, name), so every row here copies the student cells of a row of the roster, the gradebook
as Canvas exported it, and only the scores are added. A column headed `Title (id)` grades that assignment; a
column headed by a title alone grades the assignment of exactly that title, and when there is none Canvas creates
one on import, worth the points in the Points Possible row. A student without a submission in a chapter gets a
blank cell, not 0: Canvas shows it as not graded (left out of the current score, counted as 0 in the final one),
so a missing-work policy stays Canvas's to apply; a grade the roster already holds there is kept as exported, so
the import changes only what nbgrader graded.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from coursekit.course import Course
from coursekit.instructor.plan import Plan, summarize
from coursekit.instructor.report.canvas_roster import (
    MATCH_COLUMNS,
    CanvasRosterError,
    Roster,
    read_roster,
    split_title_and_id,
)
from coursekit.instructor.report.data import CohortData

__all__ = ["CANVAS_CSV", "POINTS_POSSIBLE", "CanvasGrades", "write_canvas_grades"]

CANVAS_CSV = "canvas-grades.csv"
POINTS_POSSIBLE = "    Points Possible"  # indented, as Canvas's own export writes it


@dataclass(frozen=True)
class CanvasGrades:
    """What was written: the file, how many roster students got a score, and each chapter's column."""

    path: Path
    graded: int
    reused: list[str]  # columns of assignments Canvas has, headed as in the roster: "ch01 (123456)"
    created: list[str]  # columns Canvas creates an assignment for on import
    warnings: list[str]

    def lines(self) -> list[str]:
        """A summary for the terminal, warnings last."""
        lines = [f"Canvas CSV: {self.path} ({self.graded} students scored; import it in Canvas: Grades > Import)"]
        if self.reused:
            lines.append(f"  grades these Canvas assignments: {', '.join(self.reused)}")
        if self.created:
            lines.append(
                f"  columns without a Canvas id (Canvas creates these assignments on import): {', '.join(self.created)}"
            )
        return lines + [f"warning: {warning}" for warning in self.warnings]


def write_canvas_grades(
    data: CohortData, *, course_root: Path, roster_path: Path, match: str = "sis-login", path: Path | None = None
) -> CanvasGrades:
    """Write the Canvas import file (default reports/canvas-grades.csv) for every student of the roster, in its
    order. Refuses, writing nothing, when a graded student is not in the roster: matching `match` (a key of
    MATCH_COLUMNS) against nbgrader's student id, ignoring case."""
    course = Course.at(course_root)
    roster = read_roster(roster_path)
    # a chapter nobody was graded in would only make Canvas create an empty assignment
    chapters = [chapter for chapter in data.chapters if any(chapter in r for r in data.results.values())]
    columns = _assignment_columns(roster, chapters, _chapter_names(course, chapters))
    students = _match_students(roster, data, MATCH_COLUMNS[match])
    identity_blanks = [""] * (len(roster.identity) - 1)
    rows = [
        roster.identity + list(columns.values()),
        [POINTS_POSSIBLE, *identity_blanks, *(f"{data.max_scores[chapter]:g}" for chapter in columns)],
    ]
    for index, cells in enumerate(roster.students):
        results = data.results.get(students.get(index, ""), {})
        kept = roster.grades[index]  # without a score here, a grade given in Canvas stays as it is
        scores = [  # as reports/grades.csv writes them: after late penalties
            f"{results[chapter].final:g}" if chapter in results else kept.get(header, "")
            for chapter, header in columns.items()
        ]
        rows.append(cells + scores)
    target = path or course.reports / CANVAS_CSV
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    reused = [header for header in columns.values() if split_title_and_id(header)[1]]
    created = [header for header in columns.values() if header not in reused]
    return CanvasGrades(target, len(students), reused, created, _points_warnings(roster, columns, data))


def _normal(title: str) -> str:
    return " ".join(title.split()).casefold()


def _chapter_names(course: Course, chapters: list[str]) -> dict[str, set[str]]:
    """What a Canvas assignment may be titled to stand for each chapter: its folder name, its notebook's title
    ("MLOps in a Nutshell") or title line ("1. MLOps in a Nutshell"), compared without case."""
    summaries = {summary.name: summary for summary in summarize(course, Plan())}
    return {
        chapter: {_normal(name) for name in (chapter, summaries[chapter].title, summaries[chapter].heading)}
        for chapter in chapters
    }


def _assignment_columns(roster: Roster, chapters: list[str], names: dict[str, set[str]]) -> dict[str, str]:
    """Each chapter's column header: the roster's, id and all, for an assignment Canvas has; else the chapter."""
    columns = {}
    for chapter in chapters:
        found = [header for header in roster.assignments if _normal(split_title_and_id(header)[0]) in names[chapter]]
        if len(found) > 1:
            raise CanvasRosterError(
                f"{roster.path} has {len(found)} assignments that could hold {chapter}'s scores: "
                f"{', '.join(found)}; rename all but one in Canvas (or delete the extra), export the gradebook again "
                f"and rerun; {CANVAS_CSV} was not written"
            )
        columns[chapter] = found[0] if found else chapter
    return columns


def _match_students(roster: Roster, data: CohortData, column_name: str) -> dict[int, str]:
    """Roster row index to the nbgrader student whose scores it gets; every graded student must have one row."""
    column = roster.column(column_name)
    rows: dict[str, list[int]] = {}
    for index, cells in enumerate(roster.students):
        key = cells[column].strip().casefold()
        if key:  # a blank never matches (the Test Student often has none)
            rows.setdefault(key, []).append(index)
    graded = [student for student in data.students if data.results[student]]
    others = " or ".join(option for option, name in MATCH_COLUMNS.items() if name != column_name)
    missing = [student for student in graded if student.casefold() not in rows]
    if missing:
        raise CanvasRosterError(
            f"{len(missing)} graded student{'s are' if len(missing) > 1 else ' is'} not in the Canvas roster "
            f"{roster.path} (matched on its {column_name!r} column, ignoring case): {', '.join(missing)}. Add "
            f"{'them' if len(missing) > 1 else 'the student'} to the Canvas course and export the gradebook again, "
            f"or, if that column does not hold nbgrader's student ids, match another with --canvas-match {others}; "
            f"{CANVAS_CSV} was not written"
        )
    twice = [student for student in graded if len(rows[student.casefold()]) > 1]
    if twice:
        raise CanvasRosterError(
            f"{roster.path} has more than one row whose {column_name!r} is {', '.join(twice)}: match on a column "
            f"that tells them apart with --canvas-match {others}; {CANVAS_CSV} was not written"
        )
    return {rows[student.casefold()][0]: student for student in graded}


def _points_warnings(roster: Roster, columns: dict[str, str], data: CohortData) -> list[str]:
    """A Canvas assignment worth other points than its chapter: its scores would be out of the wrong total."""
    warnings = []
    for chapter, header in columns.items():
        text = roster.points.get(header, "").replace(",", ".")  # semicolon exports write decimal commas
        try:
            canvas_points = float(text)
        except ValueError:
            continue
        if abs(canvas_points - data.max_scores[chapter]) > 0.005:
            warnings.append(
                f"{header} is worth {canvas_points:g} points in Canvas but {chapter} has "
                f"{data.max_scores[chapter]:g}: set the assignment's points to {data.max_scores[chapter]:g} in "
                f"Canvas before importing, so its scores are out of the chapter's total"
            )
    return warnings
