"""The report page: the cohort's numbers laid out in tables and plots, rendered from report.html.j2."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from coursekit.instructor.report.data import CohortData, chapter_totals, discrimination
from coursekit.instructor.report.plots import difficulty_plot, distribution_plot, late_plot, missed_plot

__all__ = ["chapter_rows", "exercise_rows", "render_html", "with_code"]

HERE = Path(__file__).parent
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True
)


def with_code(text: str) -> Markup:
    """Text escaped, its `backticked` commands set as code (the terminal shows the same words with backticks)."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts)))


_TEMPLATES.filters["with_code"] = with_code


def chapter_rows(data: CohortData) -> list[list[str]]:
    """Per chapter: points, submissions, mean and median share, late, needing review, hand-grading pending."""
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
            [chapter, f"{data.max_scores[chapter]:g}", str(len(results)), mean, median]
            + [str(late), str(failed), str(pending)]
        )
    return rows


def exercise_rows(data: CohortData) -> list[list[str]]:
    """Per exercise: id, title, kind, points, difficulty, discrimination and its two most missed items."""
    rows = []
    for chapter in data.chapters:
        totals = chapter_totals(data.exercises, chapter)
        for stats in (s for s in data.exercises if s.chapter == chapter):
            disc = discrimination(stats, totals)
            top = ", ".join(f"{item} ({count})" for item, count in stats.misses.most_common(2))
            rows.append(
                [stats.exercise_id, stats.title, stats.kind.replace("_", " "), f"{stats.points:g}"]
                + ["-" if math.isnan(stats.difficulty) else f"{stats.difficulty:.2f}"]
                + ["-" if math.isnan(disc) else f"{disc:.2f}", top]
            )
    return rows


def render_html(data: CohortData) -> str:
    """The whole report as one HTML page; every value from the gradebook or a student is escaped."""
    plots = {
        "distribution": distribution_plot(data),
        "difficulty": difficulty_plot(data),
        "missed": missed_plot(data),
        "late": late_plot(data),
    }
    return _TEMPLATES.get_template("report.html.j2").render(
        style=Markup((HERE / "report.css").read_text(encoding="utf-8")),  # our own file, not user text
        students=len(data.students),
        submissions=sum(len(r) for r in data.results.values()),
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        chapter_rows=chapter_rows(data),
        exercise_rows=exercise_rows(data),
        review_rows=[list(row) for row in data.review],
        unreached=data.unreached,
        plots=plots,
    )
