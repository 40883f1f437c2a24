"""The course's figures: drawn by code in scripts/, embedded in the notebooks as they are drawn, described. They
read the course at repo.COURSE (this repository by default)."""

from __future__ import annotations

import base64
import re
from xml.etree import ElementTree

import nbformat
import pytest

from course_figures import FIGURES
from coursekit.course import Course
from draw_figures import REFERENCE, embed, main
from repo import COURSE as COURSE_ROOT

pytestmark = pytest.mark.course
COURSE = Course(COURSE_ROOT)
SVG = "{http://www.w3.org/2000/svg}"


def test_the_notebooks_show_the_figures_as_the_code_draws_them() -> None:
    """Is every figure in source/ exactly what scripts/draw_figures.py draws now? (Redraw with that script.)"""
    assert main(["--check", "--course", str(COURSE_ROOT)]) == 0


def test_every_figure_is_shown_and_every_image_is_a_figure() -> None:
    """Is each figure shown somewhere, with alt text, and is every image in a notebook one of the figures?"""
    shown = set()
    for chapter in COURSE.chapters():
        for cell in nbformat.read(COURSE.source_notebook(chapter), as_version=4).cells:
            named = set(REFERENCE.findall(cell.source))
            shown |= named
            assert set(cell.get("attachments", {})) == {f"{name}.svg" for name in named}
            for alt in re.findall(r"!\[([^\]]*)\]\(attachment:", cell.source):
                assert len(alt.split()) >= 4, f"alt text {alt!r} does not describe the figure"
            assert not re.search(r"!\[[^\]]*\]\((?!attachment:)", cell.source), "a picture to download"
    assert shown == set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_a_figure_is_an_svg_with_a_title_and_description(name: str) -> None:
    """Does each figure parse as SVG, with a title and a description for screen readers?"""
    root = ElementTree.fromstring(FIGURES[name]())
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text and len(desc.text.split()) >= 10


@pytest.mark.parametrize("chapter", COURSE.chapters())
def test_the_release_carries_the_same_figures(chapter: str) -> None:
    """Do the release's cells carry the very attachments of the source's (nbgrader keeps them)?"""

    def attachments(path: object) -> list[dict[str, str]]:
        notebook = nbformat.read(path, as_version=4)
        return [
            {name: "".join(bundle["image/svg+xml"]) for name, bundle in cell.attachments.items()}
            for cell in notebook.cells
            if cell.get("attachments")
        ]

    assert attachments(COURSE.release_notebook(chapter)) == attachments(COURSE.source_notebook(chapter))


def test_embedding_draws_named_figures_and_refuses_unknown_ones() -> None:
    """Does embedding fill a cell that names a figure, clear one that no longer does, and name an unknown one?"""
    name = sorted(FIGURES)[0]
    cell = nbformat.v4.new_markdown_cell(f"![a figure drawn by code](attachment:{name}.svg)")
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert embed(notebook) is True and embed(notebook) is False
    svg = base64.b64decode(notebook.cells[0].attachments[f"{name}.svg"]["image/svg+xml"]).decode()
    assert svg == FIGURES[name]()
    notebook.cells[0].source = "No figure any more."
    assert embed(notebook) is True and "attachments" not in notebook.cells[0]
    notebook.cells[0].source = "![a figure nobody drew](attachment:no-such-figure.svg)"
    with pytest.raises(KeyError, match="no-such-figure"):
        embed(notebook)
