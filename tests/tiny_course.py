"""A tiny nbgrader chapter, ps1, with one exercise of each kind and a written answer (test data).

Its content is about cooking, never the course's topic, so pictures and pages made from it give no key away.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def cell_metadata(grade_id: str, *, grade: bool = False, solution: bool = False, points: float = 0) -> dict[str, Any]:
    """A cell's nbgrader metadata (schema 3), as an author's notebook holds it."""
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
        'Buckets("ps1.sort", buckets=["Fruit", "Vegetable"], items=["Carrot", "Apple", "Leek", "Pear"])',
        'grade_buckets("ps1.sort", key={"Fruit": ["Apple", "Pear"], "Vegetable": ["Carrot", '
        '"Leek"]}, points=2, why="Fruit carry the seeds.")',
        2,
    ),
    (
        "pick",
        "Pick one",
        'SingleChoice("ps1.pick", options=["Boil", "Roast", "Steam"])',
        'grade_single_choice("ps1.pick", key="Roast", points=1, why="Roasting cooks in dry heat.")',
        1,
    ),
    (
        "many",
        "Pick many",
        'MultipleChoice("ps1.many", options=["Salt", "Sugar", "Flour", "Stone"])',
        'grade_multiple_choice("ps1.many", key={"Salt": True, "Sugar": True, "Flour": True, "Stone": False}, points=3)',
        3,
    ),
    (
        "order",
        "Order it",
        'Ordering("ps1.order", items=["Bake", "Weigh", "Slice", "Knead"])',
        'grade_ordering("ps1.order", key=["Weigh", "Knead", "Bake", "Slice"], points=3)',
        3,
    ),
    (
        "term",
        "Name it",
        'FillIn("ps1.term")',
        'grade_fill_in("ps1.term", key=["sourdough", "levain"], points=1)',
        1,
    ),
]
# Strings only the hidden tests hold: a release, a listing or a student's view must never contain them.
TINY_KEYS = [
    "key=",
    "Fruit carry the seeds.",
    "Roasting cooks in dry heat.",
    '["Apple", "Pear"]',
    '["Weigh", "Knead", "Bake", "Slice"]',
    "sourdough",
]
TINY_RIGHT = {
    "ps1.sort": {"Fruit": ["Apple", "Pear"], "Vegetable": ["Carrot", "Leek"]},
    "ps1.pick": "Roast",
    "ps1.many": ["Salt", "Sugar", "Flour"],
    "ps1.order": ["Weigh", "Knead", "Bake", "Slice"],
    "ps1.term": "Sourdough",
}


def tiny_notebook() -> Any:
    """A source notebook with one exercise of each kind and one written answer, as docs/authoring.md says."""
    import nbformat.v4 as v4

    cells = [
        v4.new_markdown_cell("# Problem set 1: in the kitchen\n\nEvery kind of exercise, about cooking."),
        v4.new_markdown_cell(
            "## Before you cook\n\nA recipe names what goes in and then what to do with it, step by step. "
            "Read it to the end before you light the stove: some steps need the oven hot or the dough rested."
        ),
    ]
    for number, (slug, heading, widget, grading, points) in enumerate(TINY_EXERCISES, start=1):
        kind = widget.split("(")[0]
        function = grading.split("(")[0]
        cells += [
            v4.new_markdown_cell(f"### Exercise {number}: {heading}\n\nAnswer below."),
            v4.new_code_cell(f"from coursekit import {kind}\n{widget}", metadata=cell_metadata(f"{slug}-widget")),
            v4.new_code_cell(
                f'from coursekit import check\ncheck("ps1.{slug}")', metadata=cell_metadata(f"{slug}-check")
            ),
            v4.new_code_cell(
                f"# Autograder test for ps1.{slug}\n### BEGIN HIDDEN TESTS\n"
                f"from coursekit.scoring import {function}\n{grading}\n### END HIDDEN TESTS",
                metadata=cell_metadata(f"{slug}-test", grade=True, points=points),
            ),
        ]
    for cell in cells:
        if cell.cell_type == "code":
            cell.metadata["jupyter"] = {"source_hidden": True}  # students see widgets, not code (docs/authoring.md)
    cells += [
        v4.new_markdown_cell("## Explain it\n\nWhy rest bread dough?"),
        v4.new_markdown_cell(
            "Model answer: resting lets the gluten relax.",
            metadata=cell_metadata("essay", grade=True, solution=True, points=4),
        ),
    ]
    notebook = v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return notebook


def write_tiny_course(root: Path) -> Path:
    """A course folder at `root`: the project's nbgrader config and ps1's source notebook, not yet released."""
    import nbformat

    from repo import new_course

    new_course(root)
    (root / "source" / "ps1").mkdir(exist_ok=True)
    nbformat.write(tiny_notebook(), root / "source" / "ps1" / "ps1.ipynb")
    return root


NEW_ID = "ps1.salt"


def add_exercise(course: Path) -> None:
    """A sixth exercise, a fill-in worth 2 points (key "salt"), added to ps1 before the essay as an author would."""
    import nbformat

    path = course / "source" / "ps1" / "ps1.ipynb"
    notebook = nbformat.read(path, as_version=4)
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell("### Exercise 6: Season it\n\nAnswer below."),
        v4.new_code_cell(f'from coursekit import FillIn\nFillIn("{NEW_ID}")', metadata=cell_metadata("salt-widget")),
        v4.new_code_cell(f'from coursekit import check\ncheck("{NEW_ID}")', metadata=cell_metadata("salt-check")),
        v4.new_code_cell(
            f"# Autograder test for {NEW_ID}\n### BEGIN HIDDEN TESTS\nfrom coursekit.scoring import grade_fill_in\n"
            f'grade_fill_in("{NEW_ID}", key="salt", points=2)\n### END HIDDEN TESTS',
            metadata=cell_metadata("salt-test", grade=True, points=2),
        ),
    ]
    for cell in cells[1:]:
        cell.metadata["jupyter"] = {"source_hidden": True}
    essay = next(i for i, cell in enumerate(notebook.cells) if cell.source.startswith("## Explain it"))
    notebook.cells[essay:essay] = cells
    nbformat.write(notebook, path)
