"""The report's files: reports/grades.csv for the LMS and reports/report.html for the instructor."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from coursekit.autograde.graded import not_graded_message, ungraded_lines
from coursekit.course import Course
from coursekit.errors import CoursekitError
from coursekit.instructor.report.data import CohortData, collect
from coursekit.instructor.report.page import render_html

__all__ = ["ReportError", "ReportFiles", "write_grades_csv", "write_report"]


class ReportError(CoursekitError):
    """The report would be wrong (a submission not graded yet would show as never handed in); nothing is written."""


@dataclass(frozen=True)
class ReportFiles:
    csv: Path
    html: Path
    data: CohortData


def write_report(*, course_root: Path) -> ReportFiles:
    """Write reports/grades.csv and reports/report.html for the course's gradebook, once every submission in
    submitted/ is graded (or failed grading, which the report lists for review). A chapter neither released nor
    submitted yet is left out."""
    course = Course.at(course_root)
    ungraded = ungraded_lines(course, course.chapters())
    if ungraded:
        raise ReportError(not_graded_message(ungraded))
    if not course.has_gradebook():
        raise ReportError("nothing is graded yet (there is no gradebook): run `coursekit grade` first")
    data = collect(course)
    course.reports.mkdir(exist_ok=True)
    csv_path = write_grades_csv(data, course.reports / "grades.csv")
    html_path = course.reports / "report.html"
    html_path.write_text(render_html(data), encoding="utf-8")
    return ReportFiles(csv_path, html_path, data)


def write_grades_csv(data: CohortData, path: Path) -> Path:
    """One row per student, one column per chapter (after late penalties; empty if not submitted), total."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *data.chapters, "total"])
        for student in data.students:
            results = data.results[student]
            cells = [f"{results[c].final:g}" if c in results else "" for c in data.chapters]
            writer.writerow([student, *cells, f"{round(data.total(student), 2):g}"])
    return path
