"""The chapters read as a course: they teach before they ask, their exercises give no answer away, and the
essays sit in an assignment of their own. They read the course at repo.COURSE (this repository by default)."""

from __future__ import annotations

import re
import statistics
from typing import Any

import nbformat
import pytest

from coursekit.course import Course
from coursekit.instructor.plan import read_plan
from coursekit.notebooks.keys import Key, read_keys
from coursekit.notebooks.listing import list_exercises
from repo import COURSE as COURSE_ROOT
from repo import quiz_chapters

pytestmark = pytest.mark.course
COURSE = Course(COURSE_ROOT)
PLAN = read_plan(COURSE)
CHAPTERS = COURSE.chapters()
QUIZ_CHAPTERS = quiz_chapters()  # chapters that teach and quiz; an essays assignment holds written answers only
ESSAY_ASSIGNMENTS = [c for c in CHAPTERS if c not in QUIZ_CHAPTERS]
# Encoding damage seen in the seeds (UTF-8 read as Latin-1 or Mac Roman) and leftovers of a video course.
MOJIBAKE = ("Ã", "â€", "ðŸ", "üó", "Ô∏", "ï¸", "Ô£", "\ufffd")
MEDIA = re.compile(r"\b(videos?|lessons?|lectures?)\b", re.IGNORECASE)
WORD = re.compile(r"[\w'’-]+")
READING_SECTION = re.compile(r"## (?!How to answer|Summary)")


def cells(chapter: str) -> list[Any]:
    return list(nbformat.read(COURSE.source_notebook(chapter), as_version=4).cells)


def is_exercise_cell(cell: Any) -> bool:
    return cell.cell_type == "code" or bool(cell.metadata.get("nbgrader", {}).get("solution"))


def reading_words(markdown: list[str]) -> int:
    """Words of prose, not counting the exercises' instructions."""
    prose = [re.sub(r"\*\*Instructions?:\*\*.*", "", text, flags=re.DOTALL) for text in markdown]
    return sum(len(WORD.findall(text)) for text in prose)


def normal(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_a_chapter_says_what_it_teaches_and_sums_it_up(chapter: str) -> None:
    """Does the chapter open with its title and what you will learn, and end with a summary?"""
    markdown = [cell.source for cell in cells(chapter) if cell.cell_type == "markdown"]
    assert markdown[0].startswith("# ")
    learn = re.search(r"What you will learn\**\s*\n+((?:[-*] .+\n?){3,})", markdown[0])
    assert learn, "the first cell lists what you will learn (at least three points)"
    assert re.match(r"## Summary\b", markdown[-1]), "the last cell is the summary"
    assert len(WORD.findall(markdown[-1])) >= 60


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_reading_comes_before_every_exercise(chapter: str) -> None:
    """Is there a reading section before the first exercise, and enough reading for the chapter's exercises?"""
    sections, markdown = 0, []
    for cell in cells(chapter):
        if cell.cell_type == "markdown" and not is_exercise_cell(cell):
            sections += bool(READING_SECTION.match(cell.source))
            markdown.append(cell.source)
        elif cell.cell_type == "code":
            assert sections, f"{cell.metadata.get('nbgrader', {}).get('grade_id')}: no reading section before it"
    exercises = [e for e in list_exercises(COURSE.source_notebook(chapter)) if e["kind"] != "written"]
    assert sections >= 3, sections
    assert reading_words(markdown) >= 900 + 40 * len(exercises), reading_words(markdown)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_text_is_clean_and_refers_to_nothing_missing(chapter: str) -> None:
    """Is the text free of encoding damage, and of videos, lessons or lectures the course does not have?"""
    for cell in cells(chapter):
        text = cell.source
        if "### BEGIN HIDDEN TESTS" in text:
            text = text.split("### BEGIN HIDDEN TESTS")[0]  # hidden tests are the instructor's own
        assert not [mark for mark in MOJIBAKE if mark in text], text[:200]
        assert not MEDIA.search(text), f"{MEDIA.search(text)} in {text[:200]!r}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_code_cells_are_collapsed_for_students(chapter: str) -> None:
    """Are the widget, self-check and test cells' inputs collapsed, in source and release alike?"""
    for path in (COURSE.source_notebook(chapter), COURSE.release_notebook(chapter)):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                hidden = cell.metadata.get("jupyter", {}).get("source_hidden")
                assert hidden is True, f"{path.name}: {cell.metadata.get('nbgrader', {}).get('grade_id')}"


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS)
def test_no_exercise_copies_the_reading(chapter: str) -> None:
    """Is no item or option of five words or more written word for word in the chapter's reading?"""
    reading = normal(" ".join(cell.source for cell in cells(chapter) if cell.cell_type == "markdown"))
    for exercise in list_exercises(COURSE.source_notebook(chapter)):
        for text in exercise.get("items") or exercise.get("options") or []:
            if len(WORD.findall(text)) >= 5:
                assert normal(text) not in reading, f"{exercise['id']}: {text!r} is in the reading"


def choice_exercises(kind: str) -> list[tuple[dict[str, Any], Key]]:
    found = []
    for chapter in QUIZ_CHAPTERS:
        keys = read_keys(COURSE.source_notebook(chapter))
        found += [(e, keys[e["id"]]) for e in list_exercises(COURSE.source_notebook(chapter)) if e["kind"] == kind]
    return found


def test_a_single_choice_key_is_not_given_away_by_length_or_place() -> None:
    """Is the key the longest option in at most a third of the single choices, never in one place, and are there
    at least four options each?"""
    exercises = choice_exercises("single_choice")
    longest = [e["id"] for e, key in exercises if max(e["options"], key=len) == key.key]
    assert len(longest) <= len(exercises) / 3, longest
    places = [e["options"].index(key.key) for e, key in exercises]
    assert max(places.count(place) for place in set(places)) <= len(exercises) / 2, places
    assert all(len(e["options"]) >= 4 for e, _ in exercises)


def test_multiple_choice_keys_are_not_given_away_by_length_or_place() -> None:
    """Are the right options of a multiple choice no longer than the wrong ones, in most exercises, and are
    they not always at the same places?"""
    exercises = choice_exercises("multiple_choice")
    longer = []
    for e, key in exercises:
        right = statistics.mean(len(option) for option, is_right in key.key.items() if is_right)
        wrong = statistics.mean(len(option) for option, is_right in key.key.items() if not is_right)
        if right > 1.2 * wrong:
            longer.append(e["id"])
    assert len(longer) <= len(exercises) / 3, longer
    patterns = [tuple(key.key[option] for option in e["options"]) for e, key in exercises]
    assert len(set(patterns)) == len(patterns), "two multiple choices have their right options at the same places"


def test_essays_are_an_assignment_of_their_own() -> None:
    """Is every written answer in an assignment without autograded exercises, so no quiz or reading beside it
    hands out its rubric, and does the plan say which chapter each such assignment is due before?"""
    for chapter in ESSAY_ASSIGNMENTS:
        assert {e["kind"] for e in list_exercises(COURSE.source_notebook(chapter))} == {"written"}
        assert not read_keys(COURSE.source_notebook(chapter))
    for chapter in QUIZ_CHAPTERS:
        assert "written" not in {e["kind"] for e in list_exercises(COURSE.source_notebook(chapter))}, chapter
    declared = [chapter for chapter in CHAPTERS if PLAN.of(chapter).due_before]
    assert declared == ESSAY_ASSIGNMENTS, f"course_plan.toml: set due_before for {ESSAY_ASSIGNMENTS}"


@pytest.mark.parametrize("chapter", ESSAY_ASSIGNMENTS)
def test_each_essay_question_comes_with_context(chapter: str) -> None:
    """Does each written answer follow a question with context, and keep its model answer and rubric in source?"""
    previous = ""
    for cell in cells(chapter):
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("solution"):
            assert len(WORD.findall(previous)) >= 60, previous[:200]
            assert "**Model answer**" in cell.source and "**Rubric" in cell.source
        previous = cell.source
