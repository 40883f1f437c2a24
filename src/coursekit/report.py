"""The grades CSV an LMS imports and a self-contained HTML report on what the cohort got right and wrong."""

from __future__ import annotations

import csv
import html
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from coursekit.course import Course
from coursekit.report_data import CohortData, chapter_totals, collect, discrimination
from coursekit.report_plots import difficulty_plot, distribution_plot, late_plot, missed_plot

__all__ = ["ReportFiles", "write_grades_csv", "write_report"]

STYLE = Path(__file__).parent / "static" / "report.css"


@dataclass(frozen=True)
class ReportFiles:
    csv: Path
    html: Path
    data: CohortData


def write_report(*, course_root: Path) -> ReportFiles:
    """Write reports/grades.csv and reports/report.html for the course's gradebook."""
    course = Course.at(course_root)
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


def _table(headers: list[str], rows: list[list[str]], numeric: set[int], row_class: str = "") -> str:
    head = "".join(f'<th class="{"num" if i in numeric else ""}">{html.escape(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        f'<tr class="{row_class}">'
        + "".join(f'<td class="{"num" if i in numeric else ""}">{html.escape(c)}</td>' for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chapter_rows(data: CohortData) -> list[list[str]]:
    rows = []
    for chapter in data.chapters:
        results = [r[chapter] for r in data.results.values() if chapter in r]
        shares = sorted(100 * r.final / data.max_scores[chapter] for r in results) if data.max_scores[chapter] else []
        mean = f"{sum(shares) / len(shares):.0f}%" if shares else "-"
        median = f"{shares[len(shares) // 2]:.0f}%" if shares else "-"
        late = sum(1 for r in results if r.seconds_late > 0)
        failed = sum(1 for label, _, _ in data.review if label.startswith(f"{chapter}/"))
        pending = sum(r.pending_manual for r in results)
        rows.append(
            [
                chapter,
                f"{data.max_scores[chapter]:g}",
                str(len(results)),
                mean,
                median,
                str(late),
                str(failed),
                str(pending),
            ]
        )
    return rows


def _exercise_rows(data: CohortData) -> list[list[str]]:
    rows = []
    for chapter in data.chapters:
        totals = chapter_totals(data.exercises, chapter)
        for stats in (s for s in data.exercises if s.chapter == chapter):
            disc = discrimination(stats, totals)
            top = ", ".join(f"{item} ({count})" for item, count in stats.misses.most_common(2))
            rows.append(
                [
                    stats.exercise_id,
                    stats.title,
                    stats.kind.replace("_", " "),
                    f"{stats.points:g}",
                    "-" if math.isnan(stats.difficulty) else f"{stats.difficulty:.2f}",
                    "-" if math.isnan(disc) else f"{disc:.2f}",
                    top,
                ]
            )
    return rows


def render_html(data: CohortData) -> str:
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    submissions = sum(len(r) for r in data.results.values())
    review = (
        _table(["submission", "status", "reason"], [list(row) for row in data.review], set(), "review")
        if data.review
        else "<p>None: every submission was graded.</p>"
    )
    sections = [
        f"<h1>Grade report</h1><p class='meta'>{len(data.students)} students, {submissions} graded submissions, "
        f"generated {generated}. Scores are after late penalties; hand-graded answers count once graded.</p>",
        "<h2>Chapters</h2>",
        _table(
            ["chapter", "points", "submitted", "mean", "median", "late", "need review", "hand-grading pending"],
            _chapter_rows(data),
            {1, 2, 3, 4, 5, 6, 7},
        ),
        f'<img alt="Score distribution per chapter" src="{distribution_plot(data)}">',
        "<h2>Exercises</h2><p class='note'>Difficulty: mean share of the points earned. Discrimination: "
        "correlation with the rest of the chapter; near or below 0.2, the exercise does not separate strong "
        "from weak students (check its key and wording).</p>",
        f'<img alt="Difficulty and discrimination of each exercise" src="{difficulty_plot(data)}">',
        _table(
            ["exercise", "title", "kind", "points", "difficulty", "discrimination", "most missed"],
            _exercise_rows(data),
            {3, 4, 5},
        ),
        "<h2>Most missed items</h2>",
        f'<img alt="Most missed items" src="{missed_plot(data)}">',
        "<h2>Late submissions</h2>",
        f'<img alt="Late submissions per chapter" src="{late_plot(data)}">',
        "<h2>Submissions that need review</h2>",
        review,
    ]
    style = STYLE.read_text(encoding="utf-8")
    body = "\n".join(sections)
    head = f'<meta charset="utf-8"><title>Grade report</title><style>{style}</style>'
    return f'<!DOCTYPE html><html lang="en"><head>{head}</head><body>{body}</body></html>'
