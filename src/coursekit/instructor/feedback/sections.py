"""A graded notebook regrouped for its feedback page: one section per exercise and written answer.

An exercise is four cells in a chapter (docs/authoring.md): its markdown heading and question, the widget, the
`check` call and the hidden test. On the page it becomes one section, kept on the heading cell's metadata: the
title and marks, the answer beside the key part by part, notes, the explanation and the scoring rule. The widget,
check and test cells are removed, so no code reaches the page. A written answer's section holds the student's
text, the grader's comment and, once scored, the model answer and rubric.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import nbformat

from coursekit.instructor.feedback.wording import marks
from coursekit.instructor.rubric_cells import RUBRIC, is_rubric, rubric_text
from coursekit.notebooks.calls import NOT_LITERAL, Call, find_calls
from coursekit.notebooks.keys import GRADERS, hidden_part
from coursekit.notebooks.listing import WIDGET_KINDS, heading_title, split_heading
from coursekit.scoring.grading import explanation
from coursekit.scoring.kinds import BY_GRADER, Kind
from coursekit.student.shown_order import shuffled

__all__ = ["SECTION", "build_sections", "drop_answering_help", "take_title"]

SECTION = "coursekit_feedback"  # cell metadata: the section an exercise or written answer shows on the page


def take_title(nb: Any) -> str:
    """The chapter's title, taken out of its first cell (the page shows it once, in its header)."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        level, title, rest = split_heading(cell.source)
        if level != 1:
            return ""
        cell.source = rest
        if not rest:
            del nb.cells[index]
        return title
    return ""


def drop_answering_help(nb: Any) -> None:
    """Remove the chapter's "How to answer" cell: a graded chapter has nothing left to answer."""
    nb.cells = [cell for cell in nb.cells if not _opens_with(cell, "How to answer")]


def _opens_with(cell: Any, heading: str) -> bool:
    level, text, _ = split_heading(cell.source) if cell.cell_type == "markdown" else (0, "", "")
    return level > 0 and text.casefold() == heading.casefold()


def build_sections(
    nb: Any, *, answers: Mapping[str, Any], answers_problem: str | None, pending: Collection[str]
) -> list[dict[str, Any]]:
    """Regroup `nb` in place (cells carry nbgrader's score, points and comment, as GetGrades leaves them).

    `pending` holds the grade ids still waiting for a grader. Returns each section in page order.
    """
    widgets, checks = _calls_by_id(nb)
    found: list[tuple[int, dict[str, Any]]] = []  # (the exercise's first cell, its section)
    dropped: set[int] = set()
    for index, cell in enumerate(nb.cells):
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if not grading.get("grade"):
            continue
        if cell.cell_type == "code" and (calls := find_calls(hidden_part(cell.source), GRADERS)):
            exercise = calls[0].exercise_id
            shown = widgets.get(exercise, [])
            first = min([index, *(i for i, _ in shown if i < index)])
            section = _exercise(calls[0], [call for _, call in shown], answers)
            section["problem"] = _problem(cell, answers_problem)
            dropped.update({index, *(i for i, _ in shown), *checks.get(exercise, [])})
        elif cell.cell_type == "markdown" and grading.get("solution"):
            first, section = index, _written(cell, nb, index, dropped)
            dropped.add(index)
        else:
            continue
        score = None if grading.get("grade_id") in pending else float(grading.get("score") or 0.0)
        points = float(grading.get("points") or 0.0)
        section.update(anchor=str(grading.get("grade_id", "")), score=score, points=points, marks=marks(score, points))
        found.append((first, section))
    new_headings: dict[int, Any] = {}
    for first, section in found:
        cell = _heading_cell(nb, first, dropped)
        if cell is None:
            cell = new_headings[first] = nbformat.v4.new_markdown_cell("")
            section["heading"] = section["title"]
        else:
            level, heading, cell.source = split_heading(cell.source)
            section.update(level=level, heading=heading, title=heading_title(f"# {heading}") or heading)
        cell.metadata[SECTION] = section
    cells = []
    for index, cell in enumerate(nb.cells):
        if index in new_headings:
            cells.append(new_headings[index])
        if index not in dropped:
            cells.append(cell)
    nb.cells = cells
    return [section for _, section in found]


def _problem(test: Any, answers_problem: str | None) -> str:
    """Why an exercise's marks may not reflect the answer: grading failed, or answers.json could not be read."""
    for output in test.get("outputs", []):
        if output.get("output_type") == "error":
            name = output.get("ename", "an error")
            return f"This exercise could not be graded automatically ({name}); your instructor will look at it."
    if answers_problem:
        return f"Your answers.json {answers_problem}, so every exercise was graded as not answered."
    return ""


def _calls_by_id(nb: Any) -> tuple[dict[str, list[tuple[int, Call]]], dict[str, list[int]]]:
    """Per exercise id: its widget calls with their cells, and the cells of its `check` calls."""
    widgets: dict[str, list[tuple[int, Call]]] = {}
    checks: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for call in find_calls(cell.source, [*WIDGET_KINDS, "check"]):
            if call.name == "check":
                checks.setdefault(call.exercise_id, []).append(index)
            else:
                widgets.setdefault(call.exercise_id, []).append((index, call))
    return widgets, checks


def _heading_cell(nb: Any, first: int, dropped: Collection[int]) -> Any | None:
    """The markdown cell just before an exercise's first cell, when it opens with a heading."""
    for index in range(first - 1, -1, -1):
        cell = nb.cells[index]
        if index in dropped or is_rubric(cell):
            continue
        if cell.cell_type != "markdown" or SECTION in cell.metadata or cell.metadata.get("nbgrader", {}).get("grade"):
            return None
        return cell if split_heading(cell.source)[0] > 0 else None
    return None


def _exercise(call: Call, widgets: list[Call], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answer beside the key, notes and explanation, as the hidden test's grading call scores them."""
    kind: Kind = BY_GRADER[call.name]
    exercise, arguments = call.exercise_id, call.arguments
    section: dict[str, Any] = {"kind": kind.name, "title": exercise, "rule": kind.rule, "notes": [], "why": ""}
    key = arguments.get("key", NOT_LITERAL)
    if key is NOT_LITERAL:
        return section
    answer = answers.get(exercise)
    try:
        comparison = kind.compare(answer, key, _shown(widgets))
        score = kind.score(answer, key)
    except (ValueError, TypeError, KeyError, AttributeError):  # a key of the wrong shape: an authoring mistake
        return section
    why = arguments.get("why", "")
    section.update(
        columns=list(comparison.columns),
        rows=[{"cells": list(row.cells), "verdict": row.verdict} for row in comparison.rows],
        key_columns=list(comparison.key_columns),
        notes=list(score.notes),
        why=explanation(why, score.fraction) if isinstance(why, str) else "",
    )
    return section


def _shown(widgets: list[Call]) -> list[str]:
    """The options or items as the widget showed them (shuffled by the exercise id)."""
    for call in widgets:
        labels = call.arguments.get("options", call.arguments.get("items"))
        if isinstance(labels, list):
            return shuffled([str(label) for label in labels], call.exercise_id)
    return []


def _written(answer: Any, nb: Any, index: int, dropped: set[int]) -> dict[str, Any]:
    section: dict[str, Any] = {
        "kind": "written",
        "title": answer.metadata.nbgrader.get("grade_id", ""),
        "answer": answer.source,
        "comment": answer.metadata.nbgrader.get("comment") or "",
        "rubric": "",
    }
    following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
    grade_id = answer.metadata.nbgrader.get("grade_id")
    if following is not None and is_rubric(following) and following.metadata[RUBRIC] == grade_id:
        section["rubric"] = rubric_text(following)
        dropped.add(index + 1)
    return section
