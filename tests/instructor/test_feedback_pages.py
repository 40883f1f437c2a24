"""Feedback pages as students read them: each exercise titled with its marks, the answer beside the key, the
submission's times, no plumbing, student text as text, and an index of every chapter per student.

The pages are those `coursekit feedback` writes (nbgrader generate_feedback) for the test chapter graded for
ace (all right), blank (nothing answered), late (all right, late), mallory (markup in her answers) and mixed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from coursekit.instructor.feedback import FeedbackError, generate_feedback, leaks_in
from feedback_class import COMMENT, ESSAY, HOSTILE, STUDENTS
from tiny_course import TINY_KEYS

pytestmark = pytest.mark.nbgrader

TITLES = ["Sort it", "Pick one", "Pick many", "Order it", "Name it", "Explain it"]
PLUMBING = [
    "In [", "In&nbsp;[", "Out[", "coursekit import", "check(", "Buckets(", "grade_buckets", "Autograder test",
    "HIDDEN TESTS", "AnswerStoreWarning", "Warning", "Traceback", "output_stderr", "answers saved in answers.json",
    "autograded", "<script", "cdn", "https://",
]  # fmt: skip


def page(course: Path, student: str) -> BeautifulSoup:
    return BeautifulSoup(
        (course / "feedback" / student / "ps1" / "ps1.html").read_text(encoding="utf-8"), "html.parser"
    )


def section(soup: BeautifulSoup, anchor: str) -> Tag:
    found = soup.find("section", id=anchor)
    assert isinstance(found, Tag), f"no section {anchor}"
    return found


def facts(soup: BeautifulSoup) -> dict[str, str]:
    """The header's facts: Score, Submitted, Due, Late penalty..."""
    terms = [term.get_text(strip=True) for term in soup.select(".facts dt")]
    return dict(zip(terms, [value.get_text(" ", strip=True) for value in soup.select(".facts dd")], strict=True))


def rows(part: Tag) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in part.select("tbody tr")]


def test_the_contents_name_each_exercise_with_its_marks(feedback_class: Path) -> None:
    """Does the list at the top name every exercise by title with its marks, each linking to its section?"""
    soup = page(feedback_class, "blank")
    entries = [item.get_text(" ", strip=True) for item in soup.select("nav .contents li")]
    assert entries[:2] == ["Sort it : 0 of 2 points", "Pick one : 0 of 1 point"]
    assert [entry.split(" :")[0] for entry in entries] == TITLES
    for link in soup.select("nav .contents a"):
        assert soup.find("section", id=str(link["href"]).lstrip("#")) is not None
    assert "Test cell" not in soup.get_text()


def test_each_exercise_is_one_section_headed_by_title_and_marks(feedback_class: Path) -> None:
    """Is every exercise one section with its heading and marks, its question, explanation and rule?"""
    soup = page(feedback_class, "ace")
    sort = section(soup, "sort-test")
    assert sort.find(["h2", "h3"]).get_text(strip=True) == "Exercise 1: Sort it"  # type: ignore[union-attr]
    assert sort.select_one(".marks").get_text(" ", strip=True) == "Marks: 2 of 2 points"  # type: ignore[union-attr]
    assert "Answer below." in sort.get_text() and "Why: Fruit carry the seeds." in sort.get_text(" ", strip=True)
    assert "Scoring rule: Items in their right bucket" in sort.get_text(" ", strip=True)
    assert len(soup.find_all("section", class_="exercise")) == len(TITLES)


def test_the_answer_stands_beside_the_key_marked_in_words(feedback_class: Path) -> None:
    """All right: is every part marked '✓ Right'? Nothing answered: is every item 'not placed' and missed?"""
    ace = page(feedback_class, "ace")
    for anchor in ("sort-test", "many-test", "order-test", "term-test"):
        assert {row[-1] for row in rows(section(ace, anchor))} == {"✓ Right"}
    assert rows(section(ace, "order-test"))[0] == ["1", "Weigh", "1", "✓ Right"]
    blank = page(feedback_class, "blank")
    assert {tuple(row[1:]) for row in rows(section(blank, "sort-test"))} == {
        ("not placed", "Fruit", "✗ Missed"),
        ("not placed", "Vegetable", "✗ Missed"),
    }
    assert rows(section(blank, "term-test")) == [["(no answer)", "sourdough, levain", "✗ Missed"]]
    assert section(blank, "pick-test").select_one(".marks").get_text(strip=True).endswith("0 of 1 point")  # type: ignore[union-attr]


def test_no_plumbing_reaches_any_page(feedback_class: Path) -> None:
    """No code, prompts, test stubs, warnings, stderr, scripts, links out or grading-machine paths, on any page?"""
    pages = sorted(feedback_class.glob("feedback/*/ps1/ps1.html")) + sorted(
        feedback_class.glob("feedback/*/index.html")
    )
    assert len(pages) == 2 * len(STUDENTS)
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert [marker for marker in PLUMBING if marker in text] == [], path
        assert str(feedback_class) not in text and "/tmp/" not in text and leaks_in(path) == []
        assert not re.search(r"<pre[^>]*>\s*(?:\d+(?:\.\d+)?)\s*</pre>", text), "a bare score output"


def test_what_a_student_wrote_is_text_never_markup(feedback_class: Path) -> None:
    """Mallory's markup and script, typed as answers and an essay: shown escaped, as she typed them?"""
    text = (feedback_class / "feedback" / "mallory" / "ps1" / "ps1.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in text and "<script" not in text
    soup = BeautifulSoup(text, "html.parser")
    assert rows(section(soup, "term-test"))[0][0] == HOSTILE
    assert section(soup, "essay").select_one(".written-answer").get_text() == HOSTILE  # type: ignore[union-attr]
    assert any(row[0] == "Fry" and row[-1] == "✗ Wrong" for row in rows(section(soup, "pick-test")))


def test_a_scored_essay_shows_the_graders_score_comment_and_rubric(feedback_class: Path) -> None:
    """Is the essay's grade the grader's, with the comment and the model answer, and the text as written?"""
    essay = section(page(feedback_class, "ace"), "essay")
    assert essay.select_one(".marks").get_text(" ", strip=True) == "Marks: 3 of 4 points"  # type: ignore[union-attr]
    assert essay.select_one(".written-answer").get_text() == ESSAY  # type: ignore[union-attr]
    assert essay.select_one(".comment").get_text() == COMMENT  # type: ignore[union-attr]
    assert "resting lets the gluten relax" in essay.select_one(".rubric").get_text()  # type: ignore[union-attr]


def test_the_header_says_when_it_was_submitted_due_and_what_lateness_cost(feedback_class: Path) -> None:
    """Late: submitted, how late, due, and the penalty with its rule? On time: no late line, no penalty?"""
    late, ace = facts(page(feedback_class, "late")), facts(page(feedback_class, "ace"))
    assert late["Submitted"] == "2026-03-04 20:00 UTC, 2 days 3 hours late" and late["Due"] == "2026-03-02 17:00 UTC"
    # 10 points autograded (the essay waits for a grader), less 10% for each of the 3 days started
    assert late["Late penalty"] == "−3 points (10% of the score for each started day late, at most 50%)"
    assert late["Score"] == "7 of 14 points" and late["Waiting for a grader"].startswith("1 written answer")
    assert ace["Score"] == "13 of 14 points" and "Waiting for a grader" not in ace
    assert "Late penalty" not in ace and "late" not in ace["Submitted"]


def test_each_student_has_an_index_of_chapters_and_what_to_review(feedback_class: Path) -> None:
    """Does feedback/<student>/index.html give each chapter's score with a link, the total, and the exercises
    that lost the most points first, each linking to its section?"""
    soup = BeautifulSoup(
        (feedback_class / "feedback" / "blank" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    chapter = soup.select_one(".chapters tbody tr")
    assert chapter is not None and chapter.get_text(" ", strip=True).startswith("Problem set 1: in the kitchen 0 of 14")
    assert chapter.a is not None and chapter.a["href"] == "ps1/ps1.html"
    assert soup.select_one(".facts dd").get_text(strip=True) == "0 of 14 points"  # type: ignore[union-attr]
    review = [item.get_text(" ", strip=True) for item in soup.select(".review li")]
    assert review[0] == "Explain it (ps1): lost 4 of 4 points"  # left as released: 0 without a grader
    assert set(review[1:3]) == {"Pick many (ps1): lost 3 of 3 points", "Order it (ps1): lost 3 of 3 points"}
    assert len(review) == 5
    chapter_page = page(feedback_class, "blank")
    for link in soup.select(".review a"):
        target, anchor = str(link["href"]).split("#")
        assert target == "ps1/ps1.html" and chapter_page.find("section", id=anchor) is not None
    ace = (feedback_class / "feedback" / "ace" / "index.html").read_text(encoding="utf-8")
    assert "Explain it" in ace and "lost 1 of 4 points" in ace and "Sort it" not in ace


def test_key_strings_appear_only_where_feedback_may_show_them(feedback_class: Path) -> None:
    """After grading a page may show the right answer, but never the hidden test's code around it."""
    text = (feedback_class / "feedback" / "blank" / "ps1" / "ps1.html").read_text(encoding="utf-8")
    assert "Fruit carry the seeds." in text  # the why, as feedback may show it
    assert "key=" not in text and TINY_KEYS[3] not in text  # the hidden test's source, never


def test_feedback_before_grading_says_what_to_run(tiny_course: Path) -> None:
    """Run before anything is graded, or for a chapter that does not exist: does it say why and what to do?"""
    with pytest.raises(FeedbackError, match=r"^nothing is graded yet: run `coursekit grade` first$"):
        generate_feedback(course_root=tiny_course)
    with pytest.raises(FeedbackError, match=r"no chapter ch09 in .*; the chapters are ps1"):
        generate_feedback(course_root=tiny_course, chapters=["ch09"])
