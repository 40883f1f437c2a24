"""Chapter 1's figures: a manual workflow turned into a pipeline."""

from __future__ import annotations

from collections.abc import Callable

from course_figures.svg import MUTED, Drawing

__all__ = ["FIGURES", "manual_vs_pipeline"]

STEPS = [["Fetch", "data"], ["Validate", "data"], ["Compute", "features"], ["Train and", "evaluate"], ["Save", "model"]]
LEFT, STEP_WIDTH, GAP, HEIGHT = 30, 120, 30, 56


def _row(drawing: Drawing, top: float, colour: str, *, dashed: bool) -> None:
    """The workflow's steps side by side, each joined to the next by an arrow."""
    for n, step in enumerate(STEPS):
        x = LEFT + n * (STEP_WIDTH + GAP)
        drawing.box(x, top, STEP_WIDTH, HEIGHT, step, colour=colour, size=13, dashed=dashed)
        if n:
            drawing.arrow([(x - GAP + 2, top + HEIGHT / 2), (x - 2, top + HEIGHT / 2)], dashed=dashed)


def manual_vs_pipeline() -> str:
    """The same five steps twice: handed on by people, then chained by scripts with a trigger and a stop."""
    drawing = Drawing(
        780,
        392,
        "From a manual workflow to a pipeline",
        "Two rows show the same five steps: fetch data, validate data, compute features, train and evaluate, "
        "save model. In the manual workflow a person runs each step and passes the result on. In the pipeline "
        "each step is a script started by the one before it; a trigger (new code, new data, a schedule or an "
        "alert) starts the run, and when the data check fails the run stops and alerts someone, so the bad "
        "batch goes no further.",
    )
    drawing.text(
        LEFT,
        34,
        "Manual workflow: a person runs each step and passes the result on",
        size=15,
        anchor="start",
        weight="bold",
    )
    _row(drawing, 50, "grey", dashed=True)
    drawing.text(
        LEFT,
        132,
        "Handovers: rerunning a notebook, copying files, emailing a model",
        size=13,
        anchor="start",
        colour=MUTED,
        italic=True,
    )
    drawing.text(LEFT, 180, "Pipeline: each scripted step starts the next one", size=15, anchor="start", weight="bold")
    _row(drawing, 196, "green", dashed=False)
    drawing.box(LEFT, 310, 170, HEIGHT, ["Trigger: new code, new", "data, schedule, alert"], colour="blue", size=13)
    drawing.arrow([(LEFT + 90, 310), (LEFT + 90, 196 + HEIGHT + 2)])
    check = LEFT + STEP_WIDTH + GAP + STEP_WIDTH / 2
    drawing.box(
        300,
        310,
        350,
        HEIGHT,
        ["Check fails: the run stops and alerts", "someone; the bad batch goes no further"],
        colour="rose",
        size=13,
    )
    drawing.arrow([(check + 30, 196 + HEIGHT + 2), (check + 30, 338), (298, 338)], colour=MUTED)
    return drawing.render()


FIGURES: dict[str, Callable[[], str]] = {"ch01-manual-vs-pipeline": manual_vs_pipeline}
