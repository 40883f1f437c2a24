"""Chapter 5's figures: a pipeline as a DAG, four deployment strategies as traffic diagrams, and where CI, CD, CT
and CM run."""

from __future__ import annotations

from collections.abc import Callable

from course_figures.svg import MUTED, Drawing

__all__ = ["FIGURES", "cicd_ctcm_environments", "deployment_strategies", "pipeline_dag"]


def pipeline_dag() -> str:
    """A small training pipeline drawn as a directed acyclic graph, with two pairs of tasks that run in parallel."""
    drawing = Drawing(
        860,
        330,
        "A training pipeline as a directed acyclic graph",
        "Seven tasks joined by arrows that point from a task to the tasks that need its output. Load sales data and "
        "load weather data depend on nothing and run in parallel; both feed join and validate, then build features. "
        "Build features feeds both train model and compute data statistics, which run in parallel. Train model "
        "feeds evaluate model. No arrow leads back to an earlier task, so the graph has no cycle.",
    )
    drawing.text(430, 34, "A training pipeline as a DAG", size=17, weight="bold")
    width, height = 140, 54
    boxes = {
        "sales": (24, 64, ["Load sales", "data"], "blue"),
        "weather": (24, 164, ["Load weather", "data"], "blue"),
        "join": (190, 114, ["Join and", "validate"], "green"),
        "features": (356, 114, ["Build", "features"], "green"),
        "train": (522, 64, ["Train", "model"], "amber"),
        "stats": (522, 164, ["Compute data", "statistics"], "violet"),
        "evaluate": (688, 64, ["Evaluate", "model"], "amber"),
    }
    for x, y, lines, colour in boxes.values():
        drawing.box(x, y, width, height, lines, colour=colour, size=14)

    def right(name: str, shift: float = 0) -> tuple[float, float]:
        x, y, _, _ = boxes[name]
        return x + width, y + height / 2 + shift

    def left(name: str, shift: float = 0) -> tuple[float, float]:
        x, y, _, _ = boxes[name]
        return x, y + height / 2 + shift

    for source, target, shift in (("sales", "join", -10), ("weather", "join", 10)):
        (sx, sy), (tx, ty) = right(source), left(target, shift)
        drawing.arrow([(sx, sy), (sx + 13, sy), (sx + 13, ty), (tx, ty)])
    drawing.arrow([right("join"), left("features")])
    for target, shift in (("train", -10), ("stats", 10)):
        (sx, sy), (tx, ty) = right("features", shift), left(target)
        drawing.arrow([(sx, sy), (sx + 13, sy), (sx + 13, ty), (tx, ty)])
    drawing.arrow([right("train"), left("evaluate")])
    notes = [
        "An arrow points from a task to a task that needs its output.",
        "Tasks with no path between them, such as the two loads, run in parallel.",
        "No arrow leads back to an earlier task: the graph is acyclic.",
    ]
    drawing.text(24, 262, notes, size=13, anchor="start", colour=MUTED)
    return drawing.render()


def _strategy_panel(
    drawing: Drawing,
    x: float,
    y: float,
    title: str,
    routes: list[tuple[list[str], str, str, bool]],
    caption: list[str],
) -> None:
    """One panel: users and a router on the left, a route to each model version on the right."""
    drawing.box(x, y, 410, 230, colour="grey")
    drawing.text(x + 16, y + 28, title, size=16, anchor="start", weight="bold")
    drawing.box(x + 16, y + 74, 70, 46, "Users", colour="grey", size=13)
    drawing.box(x + 108, y + 74, 76, 46, "Router", colour="grey", size=13)
    drawing.arrow([(x + 86, y + 97), (x + 108, y + 97)])
    for n, (lines, colour, label, dashed) in enumerate(routes):
        top = y + 44 + n * 62
        drawing.box(x + 272, top, 122, 48, lines, colour=colour, size=13, dashed=dashed)
        drawing.arrow([(x + 184, y + 97), (x + 228, top + 24), (x + 272, top + 24)], dashed=dashed)
        drawing.text(x + 250, top + 12, label, size=12, colour=MUTED, italic=True)
    drawing.text(x + 16, y + 182, caption, size=13, anchor="start", colour=MUTED)


def deployment_strategies() -> str:
    """A/B testing, blue/green, canary and shadow deployment side by side, drawn as the routes requests take."""
    drawing = Drawing(
        860,
        546,
        "Four deployment strategies as traffic diagrams",
        "Four panels, each with users sending requests to a router. A/B testing: the router sends half of the users "
        "to model A and half to model B, and their business metrics are compared. Blue/green: the router sends all "
        "requests to the live blue environment running version 1; the idle green environment, running version 2, "
        "gets none until the router switches all traffic to it at once, and switching back is the rollback. "
        "Canary: version 1 gets 95 percent of requests and version 2 gets 5 percent, a share that grows step by "
        "step while version 2 stays healthy. Shadow: version 1 gets all requests and answers users; version 2 "
        "gets a copy of each request, and its predictions are logged, never returned.",
    )
    drawing.text(430, 32, "How each strategy routes requests to a new model version", size=17, weight="bold")
    _strategy_panel(
        drawing,
        14,
        52,
        "A/B testing",
        [(["Model A"], "blue", "50%", False), (["Model B"], "violet", "50%", False)],
        [
            "Users are split into two groups that each stay",
            "with one model; the groups' business",
            "metrics are compared.",
        ],
    )
    _strategy_panel(
        drawing,
        436,
        52,
        "Blue/green",
        [(["Blue: v1", "live"], "blue", "100%", False), (["Green: v2", "idle"], "green", "0%", True)],
        ["The router moves all traffic at once;", "moving it back is the rollback."],
    )
    _strategy_panel(
        drawing,
        14,
        300,
        "Canary",
        [(["v1", "current"], "blue", "95%", False), (["v2", "canary"], "amber", "5%", False)],
        ["v2's share grows in steps (5%, 25%, 50%,", "100%) while its metrics stay healthy."],
    )
    _strategy_panel(
        drawing,
        436,
        300,
        "Shadow",
        [(["v1: answers", "users"], "blue", "100%", False), (["v2: logged,", "never returned"], "rose", "copy", True)],
        ["v2 sees every request; users only ever", "get v1's predictions."],
    )
    return drawing.render()


PRACTICES = [
    ("CI", "continuous integration", ["builds and tests every", "code change"], "acts on: code", "blue"),
    (
        "CD",
        "continuous delivery",
        ["releases pipelines and", "services to an environment"],
        "acts on: pipelines, services",
        "violet",
    ),
    ("CT", "continuous training", ["retrains and validates", "models on fresh data"], "acts on: models", "amber"),
    (
        "CM",
        "continuous monitoring",
        ["watches data, predictions", "and the live service"],
        "acts on: live system",
        "rose",
    ),
]


def cicd_ctcm_environments() -> str:
    """Three environments side by side, with each continuous practice drawn in the environment where it runs."""
    drawing = Drawing(
        860,
        440,
        "Where CI, CD, CT and CM run",
        "Three environments side by side. Development and experimentation holds notebooks, experiments and the "
        "pipeline code in a shared repository; no continuous practice runs there. The CI/CD system, attached to the "
        "repository, runs continuous integration, which builds and tests every code change, and continuous "
        "delivery, which releases pipelines and services to an environment. Production runs continuous training, "
        "which retrains and validates models on fresh data, continuous monitoring, which watches data, "
        "predictions and the live service, and the prediction service itself.",
    )
    drawing.text(430, 32, "Where each continuous practice runs", size=17, weight="bold")
    lanes = [
        (14, 268, "Development & experimentation"),
        (294, 262, "CI/CD system"),
        (568, 278, "Production"),
    ]
    for x, width, name in lanes:
        drawing.box(x, 50, width, 376, colour="grey", dashed=True)
        drawing.text(x + width / 2, 76, name, size=14, weight="bold")
    drawing.box(34, 100, 228, 60, ["Notebooks and", "experiments"], colour="green", size=13)
    drawing.box(34, 180, 228, 60, ["Pipeline code in a", "shared repository"], colour="green", size=13)
    drawing.text(
        148,
        290,
        ["No automated practice", "runs here: people", "explore and write code."],
        size=13,
        colour=MUTED,
        italic=True,
    )

    def practice(x: float, y: float, width: float, entry: tuple[str, str, list[str], str, str]) -> None:
        short, name, does, acts_on, colour = entry
        drawing.box(x, y, width, 116, colour=colour)
        drawing.text(x + width / 2, y + 24, f"{short}: {name}", size=14, weight="bold")
        drawing.text(x + width / 2, y + 50, does, size=13)
        drawing.text(x + width / 2, y + 100, acts_on, size=12, colour=MUTED, italic=True)

    practice(306, 100, 238, PRACTICES[0])
    practice(306, 234, 238, PRACTICES[1])
    practice(581, 100, 252, PRACTICES[3])
    practice(581, 234, 252, PRACTICES[2])
    drawing.box(581, 366, 252, 48, ["Prediction service", "(serves the deployed model)"], colour="green", size=13)
    return drawing.render()


FIGURES: dict[str, Callable[[], str]] = {
    "ch05-pipeline-dag": pipeline_dag,
    "ch05-deployment-strategies": deployment_strategies,
    "ch05-cicd-ctcm-environments": cicd_ctcm_environments,
}
