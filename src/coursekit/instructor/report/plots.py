"""The report's plots, drawn with matplotlib and embedded as PNG data, so the report is one file.

Figures are made directly (not through pyplot), so drawing them neither needs a display nor changes the
caller's matplotlib backend or state.
"""

from __future__ import annotations

import base64
import io
import math

from matplotlib.figure import Figure

from coursekit.instructor.report.data import CohortData, chapter_totals, discrimination

__all__ = ["difficulty_plot", "distribution_plot", "late_plot", "missed_plot"]


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=110)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def distribution_plot(data: CohortData) -> str:
    """Score distribution per chapter, as a share of the chapter's points (after late penalties)."""
    figure = Figure(figsize=(8, 3.6))
    axes = figure.subplots()
    shares = [
        [100 * r[c].final / data.max_scores[c] for r in data.results.values() if c in r and data.max_scores[c]]
        for c in data.chapters
    ]
    axes.boxplot(shares, tick_labels=data.chapters, showmeans=True)
    axes.set_ylabel("score (% of chapter points)")
    axes.set_ylim(0, 100)
    axes.set_title("Score distribution per chapter")
    return _png(figure)


def difficulty_plot(data: CohortData) -> str:
    """Each exercise's difficulty (mean share earned) against its discrimination."""
    figure = Figure(figsize=(8, 4.2))
    axes = figure.subplots()
    for chapter in data.chapters:
        totals = chapter_totals(data.exercises, chapter)
        points = [(s.difficulty, discrimination(s, totals)) for s in data.exercises if s.chapter == chapter]
        xs = [x for x, y in points if not math.isnan(y)]
        ys = [y for x, y in points if not math.isnan(y)]
        axes.scatter(xs, ys, label=chapter, alpha=0.8)
    axes.axhline(0.2, color="grey", linestyle=":", linewidth=1)
    axes.set_xlabel("difficulty: mean share of points earned")
    axes.set_ylabel("discrimination (item-rest correlation)")
    axes.set_xlim(0, 1.02)
    axes.set_title("Exercises: below the dotted line, strong and weak students do alike")
    axes.legend(fontsize="small")
    return _png(figure)


def missed_plot(data: CohortData, top: int = 15) -> str:
    """The items most often missed, as a share of the students who submitted the chapter."""
    rows = []
    for stats in data.exercises:
        for item, count in stats.misses.items():
            rows.append((count / max(1, len(stats.fractions)), f"{stats.exercise_id}: {item}"[:70]))
    rows = sorted(rows, reverse=True)[:top][::-1]
    figure = Figure(figsize=(8, 0.35 * max(3, len(rows)) + 1))
    axes = figure.subplots()
    axes.barh([label for _, label in rows], [100 * share for share, _ in rows], color="#c0504d")
    axes.set_xlabel("% of submissions that missed it")
    axes.set_xlim(0, 100)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_title(f"The {len(rows)} most missed items")
    return _png(figure)


def late_plot(data: CohortData) -> str:
    """Late submissions per chapter, and the points they lost."""
    figure = Figure(figsize=(8, 3.2))
    axes = figure.subplots()
    late = [sum(1 for r in data.results.values() if c in r and r[c].seconds_late > 0) for c in data.chapters]
    lost = [sum(r[c].penalty for r in data.results.values() if c in r) for c in data.chapters]
    bars = axes.bar(data.chapters, late, color="#f0ad4e")
    for bar, points in zip(bars, lost, strict=True):
        axes.annotate(
            f"-{points:g} pts",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes.set_ylabel("late submissions")
    axes.set_title("Late submissions per chapter (label: points lost to penalties)")
    return _png(figure)
