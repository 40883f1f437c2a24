"""Chapter 4's figures: the components of the MLOps infrastructure stack."""

from __future__ import annotations

from collections.abc import Callable

from course_figures.svg import MUTED, Drawing

__all__ = ["FIGURES", "mlops_stack"]

# The components a model passes through, left to right, each with its colour.
FLOW = [
    (["Data sources", "and data", "versioning"], "blue"),
    (["Data analysis", "and experiment", "management"], "blue"),
    (["Feature store", "and workflows"], "green"),
    (["ML pipeline", "orchestration", "(CI/CD + CT)"], "amber"),
    (["Model registry", "and model", "versioning"], "violet"),
]
# The layers every component of the flow rests on, top to bottom.
LAYERS = [
    ("ML model, data and system monitoring: watches what runs in production", "rose"),
    ("Metadata store: which data, code and settings produced each model", "grey"),
    ("DevOps infrastructure: version control, CI/CD, collaboration tools, compute", "grey"),
]


def mlops_stack() -> str:
    """Five components in a row, from data to models, resting on monitoring, metadata and DevOps layers."""
    drawing = Drawing(
        760,
        356,
        "The components of the MLOps infrastructure stack",
        "Five components in a row, joined by arrows from data to models: data sources and data versioning; data "
        "analysis and experiment management; feature store and workflows; ML pipeline orchestration, which adds "
        "continuous training to CI/CD; model registry and model versioning. Under them lie three wide layers that "
        "serve every component: ML model, data and system monitoring; the metadata store; and the DevOps "
        "infrastructure at the bottom. A dashed arrow leads from monitoring back to the data.",
    )
    drawing.text(24, 30, "From data to models", size=13, anchor="start", colour=MUTED, italic=True)
    width, gap, top, height = 124, 23, 44, 96
    for n, (lines, colour) in enumerate(FLOW):
        x = 24 + n * (width + gap)
        drawing.box(x, top, width, height, lines, colour=colour, size=13)
        if n:
            drawing.arrow([(x - gap + 3, top + height / 2), (x - 3, top + height / 2)])
    drawing.arrow([(60, 186), (60, top + height + 4)], dashed=True)
    drawing.text(
        72,
        170,
        "what monitoring finds leads back to new data and retraining",
        size=12,
        anchor="start",
        colour=MUTED,
        italic=True,
    )
    for n, (label, colour) in enumerate(LAYERS):
        y = 188 + n * 52
        drawing.box(24, y, 712, 42, label, colour=colour, size=14, weight="bold" if n == 2 else "normal")
    return drawing.render()


FIGURES: dict[str, Callable[[], str]] = {"ch04-mlops-stack": mlops_stack}
