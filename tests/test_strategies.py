"""Students who guess, graded by real nbgrader on every chapter: tricks earn at most 5%, random answers at most 12%."""

from __future__ import annotations

import io
import random
import statistics
from datetime import datetime, timezone
from pathlib import Path

import pytest

from coursekit.autograde.run import grade_cohort
from coursekit.course import Course, Submission
from coursekit.instructor.release import release
from coursekit.instructor.simulate import write_submission
from coursekit.notebooks.keys import read_keys
from gradebook_reader import marks
from repo import copy_sources, quiz_chapters
from strategies import TRICKS, answers_by, chapter_share, key_answers, uniform_guess

pytestmark = pytest.mark.nbgrader

RANDOM_STUDENTS = 6
CHAPTERS = quiz_chapters()


@pytest.fixture(scope="module")
def strategy_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole course released, one student per trick, the keys, and random guessers, graded by nbgrader."""
    root = copy_sources(tmp_path_factory.mktemp("strategies"))
    release(course_root=root)
    course = Course.at(root)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for chapter in CHAPTERS:
        shown = course.release_notebook(chapter)
        students = {"key": key_answers(course.source_notebook(chapter))}
        students |= {_student(name): answers_by(trick, shown) for name, trick in TRICKS.items()}
        students |= {f"random{n}": answers_by(uniform_guess, shown, seed=n) for n in range(RANDOM_STUDENTS)}
        for student, answers in students.items():
            write_submission(course, Submission(chapter, student), answers, when, random.Random(0))
    summary = grade_cohort(course_root=root, sandbox=False, stream=io.StringIO())
    assert [r for r in summary.records if r.status != "graded"] == []
    return root


def _student(trick: str) -> str:
    return trick.replace(" ", "-")


def autograded_share(root: Path, chapter: str, student: str) -> float:
    """The share of the chapter's autograded points nbgrader recorded for the student."""
    grades = [mark for (name, _, _), mark in marks(root, chapter).items() if name == student]
    grades = [mark for mark in grades if mark.auto is not None]  # written answers are graded by hand
    return sum(mark.score for mark in grades) / sum(mark.max_score for mark in grades)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_keys_earn_every_point(strategy_course: Path, chapter: str) -> None:
    """Does a student who answers every exercise with its key earn 100% of the autograded points?"""
    assert autograded_share(strategy_course, chapter, "key") == pytest.approx(1.0)


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("trick", list(TRICKS))
def test_no_trick_earns_more_than_five_percent(strategy_course: Path, chapter: str, trick: str) -> None:
    """Tick all, the longest option, one bucket for all, the order as shown, the first option: at most 5%?"""
    assert autograded_share(strategy_course, chapter, _student(trick)) <= 0.05


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_random_answers_earn_at_most_twelve_percent(strategy_course: Path, chapter: str) -> None:
    """Do uniform random answers earn at most 12% on average, exactly what the project's rules say they earn?"""
    keys = read_keys(Course.at(strategy_course).source_notebook(chapter))
    shown = Course.at(strategy_course).release_notebook(chapter)
    shares = [autograded_share(strategy_course, chapter, f"random{n}") for n in range(RANDOM_STUDENTS)]
    expected = [chapter_share(answers_by(uniform_guess, shown, seed=n), keys) for n in range(RANDOM_STUDENTS)]
    assert shares == pytest.approx(expected, abs=0.005)  # nbgrader keeps each cell's points to two decimals
    assert statistics.mean(shares) <= 0.12, shares
