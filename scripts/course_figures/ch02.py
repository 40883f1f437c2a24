"""Chapter 2's figures: the life cycle of an ML model, and the MLOps maturity ladder."""

from __future__ import annotations

from collections.abc import Callable

from course_figures.svg import MUTED, Drawing

__all__ = ["FIGURES", "life_cycle_loop", "maturity_ladder"]

LEVELS = [
    ("Level 0", ["No MLOps"], "grey"),
    ("Level 1", ["DevOps but", "no MLOps"], "blue"),
    ("Level 2", ["Automated", "training"], "green"),
    ("Level 3", ["Automated model", "deployment"], "amber"),
    ("Level 4", ["Full MLOps", "automated", "operations"], "violet"),
]

# The model's own loop: stage name, what happens there (two short lines), colour.
STAGES = [
    ("1. Train", ["train and evaluate", "candidates, keep", "the best one"], "blue"),
    ("2. Deploy", ["into production:", "web service, module", "or embedded system"], "green"),
    ("3. Monitor", ["live performance", "against a threshold", "of acceptable value"], "amber"),
]


def _stage(drawing: Drawing, x: float, y: float, name: str | list[str], notes: list[str], colour: str) -> None:
    """A stage box: its name in bold at the top, what happens in it in smaller text below."""
    drawing.box(x, y, 150, 100, colour=colour)
    names = [name] if isinstance(name, str) else name
    drawing.text(x + 75, y + 24, names, size=14, weight="bold")
    drawing.text(x + 75, y + 24 + 18 * len(names), notes, size=12)


def life_cycle_loop() -> str:
    """Data and problem design leads into the model's loop of training, deployment and monitoring."""
    drawing = Drawing(
        840,
        284,
        "The life cycle of a machine learning model",
        "Data and problem design asks whether there is no simpler way and whether the data is good enough; if ML "
        "helps solve the problem, an arrow leads into the model's loop: 1, train and evaluate candidates and keep the "
        "best one; 2, deploy it into production as a web service, module or embedded system; 3, monitor its live "
        "performance against a threshold. A dashed arrow leads from monitoring back to training: retrain when "
        "performance drops.",
    )
    drawing.box(284, 24, 538, 240, colour="grey", dashed=True)
    drawing.text(298, 48, "The model's loop", size=13, anchor="start", weight="bold", colour=MUTED)
    _stage(drawing, 20, 80, ["Data & problem", "design"], ["no simpler way?", "data good enough?"], "grey")
    drawing.arrow([(170, 130), (298, 130)])
    drawing.text(233, 96, ["if ML helps", "solve the", "problem"], size=12, colour=MUTED, italic=True)
    for n, (name, notes, colour) in enumerate(STAGES):
        x = 300 + n * 178
        _stage(drawing, x, 80, name, notes, colour)
        if n:
            drawing.arrow([(x - 28, 130), (x - 2, 130)])
    drawing.arrow([(731, 180), (731, 230), (375, 230), (375, 182)], dashed=True)
    drawing.text(553, 252, "retrain when performance drops", size=12, colour=MUTED, italic=True)
    return drawing.render()


def maturity_ladder() -> str:
    """Five steps rising left to right, with what climbing costs and what it brings."""
    drawing = Drawing(
        760,
        330,
        "The MLOps maturity ladder",
        "Five steps rising from left to right: level 0, no MLOps; level 1, DevOps but no MLOps; level 2, "
        "automated training; level 3, automated model deployment; level 4, full MLOps automated operations. "
        "An arrow along the steps says that each level automates more and costs more to set up and run.",
    )
    step_width, rise = 136, 44
    for n, (label, name, colour) in enumerate(LEVELS):
        x, top = 24 + n * (step_width + 8), 226 - n * rise
        drawing.box(x, top, step_width, 300 - top, colour=colour)
        drawing.text(x + step_width / 2, top + 24, label, size=15, weight="bold")
        drawing.text(x + step_width / 2, top + 46, name, size=13)
    drawing.arrow([(60, 196), (560, 38)], colour=MUTED)
    drawing.text(30, 40, "each step up: more automation,", size=13, anchor="start", colour=MUTED)
    drawing.text(30, 58, "and more effort to build and run it", size=13, anchor="start", colour=MUTED)
    return drawing.render()


FIGURES: dict[str, Callable[[], str]] = {"life-cycle-loop": life_cycle_loop, "maturity-ladder": maturity_ladder}
