"""The numbers behind the grade report, read from the gradebook, the grading status and students' answers."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from nbgrader.api import Gradebook, MissingEntry

from coursekit.autograde.status import GradeStatus
from coursekit.course import Course, Submission
from coursekit.instructor.report.unreached import Unreached, unreached_exercises
from coursekit.notebooks.keys import Key, read_keys
from coursekit.notebooks.listing import list_exercises
from coursekit.scoring.kinds import KINDS
from coursekit.student.answers import answers_path, load_answers

__all__ = ["ChapterResult", "CohortData", "ExerciseStats", "chapter_totals", "collect", "discrimination"]


@dataclass(frozen=True)
class ChapterResult:
    """One student's result in one chapter, from the gradebook."""

    score: float
    max_score: float
    penalty: float
    seconds_late: float
    pending_manual: int

    @property
    def final(self) -> float:
        return max(0.0, self.score - self.penalty)


@dataclass
class ExerciseStats:
    """Per exercise: the share of its points each student earned, and what they missed."""

    chapter: str
    exercise_id: str
    title: str
    kind: str
    points: float
    fractions: dict[str, float] = field(default_factory=dict)
    misses: Counter[str] = field(default_factory=Counter)

    @property
    def difficulty(self) -> float:
        """Mean share of the points earned (1 = everyone got it all)."""
        return sum(self.fractions.values()) / len(self.fractions) if self.fractions else math.nan


@dataclass
class CohortData:
    chapters: list[str]
    max_scores: dict[str, float]
    results: dict[str, dict[str, ChapterResult]]  # student -> chapter -> result
    exercises: list[ExerciseStats]
    review: list[tuple[str, str, str]]  # (chapter/student, status, reason)
    unreached: list[Unreached] = field(default_factory=list)  # exercises nobody scored full marks on

    @property
    def students(self) -> list[str]:
        return sorted(self.results)

    def total(self, student: str) -> float:
        return sum(result.final for result in self.results[student].values())


def collect(course: Course) -> CohortData:
    """The cohort's numbers, for every chapter in the gradebook (one not released yet has none)."""
    chapters: list[str] = []
    results: dict[str, dict[str, ChapterResult]] = {}
    max_scores: dict[str, float] = {}
    unreached: list[Unreached] = []
    with Gradebook(course.db_url) as gradebook:
        for student in gradebook.students:
            results[student.id] = {}
        for chapter in course.chapters():
            try:
                assignment = gradebook.find_assignment(chapter)
            except MissingEntry:
                continue
            chapters.append(chapter)
            max_scores[chapter] = float(assignment.max_score)
            for submission in assignment.submissions:
                pending = sum(1 for nb in submission.notebooks for grade in nb.grades if grade.needs_manual_grade)
                results.setdefault(submission.student.id, {})[chapter] = ChapterResult(
                    float(submission.score),
                    float(assignment.max_score),
                    float(submission.late_submission_penalty or 0.0),
                    float(submission.total_seconds_late or 0.0),
                    pending,
                )
            unreached += unreached_exercises(course, chapter, assignment)
    status = GradeStatus(course.autograded / "coursekit-status.json")
    review = [(label, r.status, r.reason) for label, r in sorted(status.records.items()) if r.needs_review]
    exercises = [stats for chapter in chapters for stats in _exercise_stats(course, chapter, results)]
    return CohortData(chapters, max_scores, results, exercises, review, unreached)


def _exercise_stats(course: Course, chapter: str, results: dict[str, dict[str, ChapterResult]]) -> list[ExerciseStats]:
    keys: dict[str, Key] = read_keys(course.source_notebook(chapter))
    titles = {e["id"]: e["title"] for e in list_exercises(course.source_notebook(chapter))}
    stats = {i: ExerciseStats(chapter, i, titles.get(i, i), key.kind, key.points) for i, key in keys.items()}
    for student in sorted(results):
        if chapter not in results[student]:
            continue
        folder = course.autograded_folder(Submission(chapter, student))
        answers, _problem = load_answers(answers_path(folder))
        for exercise_id, key in keys.items():
            score = KINDS[key.kind].score(answers.get(exercise_id), key.key)
            stats[exercise_id].fractions[student] = score.fraction
            whole = "(not answered)" if answers.get(exercise_id) is None else "(the whole exercise)"
            misses = score.missed or ([] if score.fraction == 1 else [whole])
            stats[exercise_id].misses.update(misses)
    return list(stats.values())


def chapter_totals(exercises: list[ExerciseStats], chapter: str) -> dict[str, float]:
    """Each student's automatic points in a chapter, from the exercises' earned shares."""
    totals: dict[str, float] = {}
    for stats in exercises:
        if stats.chapter == chapter:
            for student, fraction in stats.fractions.items():
                totals[student] = totals.get(student, 0.0) + fraction * stats.points
    return totals


def discrimination(stats: ExerciseStats, totals: dict[str, float]) -> float:
    """Corrected item-total correlation: does doing well here go with doing well on the rest of the chapter?"""
    students = [s for s in stats.fractions if s in totals]
    if len(students) < 3:
        return math.nan
    item = [stats.fractions[s] for s in students]
    rest = [totals[s] - stats.fractions[s] * stats.points for s in students]
    return _pearson(item, rest)


def _pearson(xs: list[float], ys: list[float]) -> float:
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # everyone scored alike on one side: no correlation to speak of
        return math.nan
