"""Feedback: exercises regrouped into titled sections, and what the page's header says of the submission.

Runs after GetGrades (which leaves each grade cell's score, points and comment on it) and before
ClearHiddenTests: the keys are read from the hidden tests as graded, the answers from the answers.json graded
beside the notebook, so the page shows the same comparison the grading printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from coursekit.instructor.feedback.sections import build_sections, drop_answering_help, take_title
from coursekit.instructor.feedback.wording import lateness, marks, when
from coursekit.instructor.plugins.late import PerDayLatePenalty
from coursekit.student.answers import ANSWERS_FILE, load_answers

__all__ = ["PAGE", "FeedbackSections"]

PAGE = "coursekit_feedback"  # resources: the page header's facts, read by the feedback template


class FeedbackSections(NbGraderPreprocessor):  # type: ignore[misc]
    enabled = Bool(True, help="On by default: nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        info = resources["nbgrader"]
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        answers, problem = load_answers(folder / ANSWERS_FILE)
        times, pending = _submission(info)
        title = take_title(nb) or info["assignment"]
        drop_answering_help(nb)
        sections = build_sections(nb, answers=answers, answers_problem=problem, pending=pending)
        penalty = float(info.get("late_penalty") or 0.0)
        resources[PAGE] = {
            **times,
            "title": title,
            "student": info["student"],
            "chapter": info["assignment"],
            "score": marks(float(info.get("score", 0.0)), float(info.get("max_score", 0.0))),
            "pending": len(pending),
            "penalty": f"{penalty:g}" if penalty > 0 else "",
            "penalty_rule": self._penalty_rule(),
            "contents": [{"anchor": s["anchor"], "title": s["title"], "marks": s["marks"]} for s in sections],
        }
        return nb, resources

    def _penalty_rule(self) -> str:
        plugin = str(self.config.get("AssignLatePenalties", {}).get("plugin_class", ""))
        return PerDayLatePenalty(config=self.config).describe() if plugin.endswith("PerDayLatePenalty") else ""


def _submission(info: dict[str, Any]) -> tuple[dict[str, str], set[str]]:
    """When the submission arrived, when it was due and how late it was; and the grade ids awaiting a grader."""
    with Gradebook(info["db_url"]) as gradebook:
        try:
            submission = gradebook.find_submission(info["assignment"], info["student"])
        except MissingEntry:
            return {}, set()
        pending = {
            grade.name
            for notebook in submission.notebooks
            if notebook.name == info["notebook"]
            for grade in notebook.grades
            if grade.needs_manual_grade and grade.manual_score is None
        }
        times = {
            "submitted": when(submission.timestamp),
            "due": when(submission.duedate),
            "late": lateness(submission.total_seconds_late),
        }
    return times, pending
