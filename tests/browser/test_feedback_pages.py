"""Feedback pages in Chromium: a chapter's page and a student's index meet WCAG 2.1 A and AA as axe-core checks
it, load nothing from the network, print without their on-screen links, and are pictured for docs/students.md.

The pages are those of the test chapter ps1 (about cooking, never the course's content) for `mixed`, a student
with some parts right and some wrong (tests/feedback_class.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, ViewportSize, expect

from browser.accessibility import violations
from browser.pictures import pictures_folder, png_size

pytestmark = pytest.mark.browser

PICTURE: ViewportSize = {"width": 900, "height": 1400}


def chapter_page(course: Path) -> Path:
    return course / "feedback" / "mixed" / "ps1" / "ps1.html"


def student_index(course: Path) -> Path:
    return course / "feedback" / "mixed" / "index.html"


def open_offline(page: Page, path: Path) -> list[str]:
    """Open a page from disk and return every address it asked for besides itself."""
    asked: list[str] = []

    def note(request: Request) -> None:
        if request.url != path.as_uri():
            asked.append(request.url)

    page.on("request", note)
    page.goto(path.as_uri())
    return asked


def test_a_chapter_page_passes_axe_loads_nothing_and_is_pictured(
    page: Page, feedback_class: Path, tmp_path: Path
) -> None:
    """Does the chapter page pass axe's WCAG 2.1 AA rules, load nothing, link its contents to the sections?"""
    asked = open_offline(page, chapter_page(feedback_class))
    expect(page.locator("section.exercise")).to_have_count(6)
    assert [url for url in asked if not url.startswith("data:")] == []
    assert violations(page) == ""
    page.get_by_role("link", name="Order it").click()
    assert page.url.endswith("#order-test")
    expect(page.locator("#order-test tbody tr").first).to_contain_text("✓ Right")
    page.set_viewport_size(PICTURE)
    page.evaluate("window.scrollTo(0, 0)")
    shot = pictures_folder(tmp_path) / "feedback-page.png"
    page.screenshot(path=shot)
    assert png_size(shot) == (PICTURE["width"], PICTURE["height"])


def test_a_student_index_passes_axe_and_is_pictured(page: Page, feedback_class: Path, tmp_path: Path) -> None:
    """Does the index pass axe's WCAG 2.1 AA rules, and do its links open the chapter at the exercise to review?"""
    asked = open_offline(page, student_index(feedback_class))
    assert asked == []
    assert violations(page) == ""
    page.set_viewport_size({"width": PICTURE["width"], "height": 700})  # the index is short
    shot = pictures_folder(tmp_path) / "feedback-index.png"
    page.screenshot(path=shot)
    assert png_size(shot) == (PICTURE["width"], 700)
    first = page.locator(".review a").first
    anchor = str(first.get_attribute("href")).split("#")[1]
    first.click()
    expect(page.locator(f"section#{anchor}")).to_be_visible()
    assert page.url.endswith(f"ps1/ps1.html#{anchor}")


def test_a_chapter_page_prints_without_its_on_screen_links(page: Page, feedback_class: Path, tmp_path: Path) -> None:
    """Printed, are the 'back to the list' links gone and each exercise kept on one page where it fits?"""
    page.goto(chapter_page(feedback_class).as_uri())
    page.emulate_media(media="print")
    expect(page.locator(".exercise .top").first).to_be_hidden()
    assert page.locator(".exercise").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = tmp_path / "feedback.pdf"
    page.pdf(path=pdf, format="A4")
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", printed)) >= 2
