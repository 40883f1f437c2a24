"""A tiny nbgrader chapter, ps1, with one exercise of each kind and a written answer (test data)."""

from __future__ import annotations

from typing import Any


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, points: float = 0) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


TINY_EXERCISES = [
    # (slug, heading, widget call, grading call, points)
    (
        "sort",
        "Sort it",
        'Buckets("ps1.sort", buckets=["Dev", "Ops"], items=["Monitoring", "Training", "Deployment", "Labelling"])',
        'grade_buckets("ps1.sort", key={"Dev": ["Training", "Labelling"], "Ops": ["Monitoring", '
        '"Deployment"]}, points=2, why="Dev builds, Ops runs.")',
        2,
    ),
    (
        "pick",
        "Pick one",
        'SingleChoice("ps1.pick", options=["Automation", "Improved data quality", "Reproducibility"])',
        'grade_single_choice("ps1.pick", key="Improved data quality", points=1, why="Not an MLOps benefit.")',
        1,
    ),
    (
        "many",
        "Pick many",
        'MultipleChoice("ps1.many", options=["CI", "CD", "CT", "CX"])',
        'grade_multiple_choice("ps1.many", key={"CI": True, "CD": True, "CT": True, "CX": False}, points=3)',
        3,
    ),
    (
        "order",
        "Order it",
        'Ordering("ps1.order", items=["Deploy", "Collect", "Monitor", "Train"])',
        'grade_ordering("ps1.order", key=["Collect", "Train", "Deploy", "Monitor"], points=3)',
        3,
    ),
    (
        "term",
        "Name it",
        'FillIn("ps1.term")',
        'grade_fill_in("ps1.term", key=["continuous training", "CT"], points=1)',
        1,
    ),
]
# Strings only the hidden tests hold: a release, a listing or a student's view must never contain them.
TINY_KEYS = [
    "key=",
    "Dev builds, Ops runs.",
    "Not an MLOps benefit.",
    '["Training", "Labelling"]',
    '["Collect", "Train", "Deploy", "Monitor"]',
    "continuous training",
]
TINY_RIGHT = {
    "ps1.sort": {"Dev": ["Training", "Labelling"], "Ops": ["Monitoring", "Deployment"]},
    "ps1.pick": "Improved data quality",
    "ps1.many": ["CI", "CD", "CT"],
    "ps1.order": ["Collect", "Train", "Deploy", "Monitor"],
    "ps1.term": "Continuous Training",
}


def tiny_notebook() -> Any:
    """A source notebook with one exercise of each kind and one written answer, as docs/authoring.md says."""
    import nbformat.v4 as v4

    cells = [v4.new_markdown_cell("# Problem set 1")]
    for slug, heading, widget, grading, points in TINY_EXERCISES:
        kind = widget.split("(")[0]
        function = grading.split("(")[0]
        cells += [
            v4.new_markdown_cell(f"## {heading}\n\nAnswer below."),
            v4.new_code_cell(f"from coursekit import {kind}\n{widget}", metadata=_meta(f"{slug}-widget")),
            v4.new_code_cell(f'from coursekit import check\ncheck("ps1.{slug}")', metadata=_meta(f"{slug}-check")),
            v4.new_code_cell(
                f"# Autograder test for ps1.{slug}\n### BEGIN HIDDEN TESTS\n"
                f"from coursekit.scoring import {function}\n{grading}\n### END HIDDEN TESTS",
                metadata=_meta(f"{slug}-test", grade=True, points=points),
            ),
        ]
    cells += [
        v4.new_markdown_cell("## Explain it\n\nWhy automate?"),
        v4.new_markdown_cell(
            "Model answer: to ship models reliably.",
            metadata=_meta("essay", grade=True, solution=True, points=4),
        ),
    ]
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook
