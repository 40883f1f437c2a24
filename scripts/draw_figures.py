"""Draw the course's figures into the source notebooks that show them, as markdown cell attachments.

A markdown cell shows a figure with `![alt text](attachment:NAME.svg)`, NAME being one of course_figures.FIGURES.
Attachments travel inside the notebook: through nbgrader's release, into students' copies, and into nbconvert's
HTML, with nothing to download. After changing a figure:

    .venv/bin/python scripts/draw_figures.py        # redraw into source/*/*.ipynb (or only the notebooks named)
    .venv/bin/coursekit release                     # and regenerate release/

`--check` changes nothing and exits 1 if a notebook's figure is missing or differs from what the code draws.
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
from pathlib import Path
from typing import Any

import nbformat

from course_figures import FIGURES

__all__ = ["REFERENCE", "drawn_attachments", "embed", "main"]

REFERENCE = re.compile(r"\(attachment:([\w.-]+)\.svg\)")
COURSE = Path(__file__).resolve().parent.parent


def drawn_attachments(source: str) -> dict[str, dict[str, str]]:
    """The attachments a markdown cell with this text should carry: each figure it names, freshly drawn."""
    attachments = {}
    for name in REFERENCE.findall(source):
        if name not in FIGURES:
            raise KeyError(f"no figure named {name!r}; figures are {', '.join(sorted(FIGURES))}")
        svg = FIGURES[name]().encode("utf-8")
        attachments[f"{name}.svg"] = {"image/svg+xml": base64.b64encode(svg).decode("ascii")}
    return attachments


def embed(notebook: Any) -> bool:
    """Put every figure a markdown cell names into its attachments; True if anything changed."""
    changed = False
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        wanted = drawn_attachments(cell.source)
        if wanted != _plain(cell.get("attachments", {})):
            if wanted:
                cell["attachments"] = wanted
            else:
                cell.pop("attachments", None)
            changed = True
    return changed


def _plain(attachments: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Attachments as embed writes them (nbformat may hand base64 back split into lines)."""
    return {
        name: {kind: "".join(data) if isinstance(data, list) else data for kind, data in bundle.items()}
        for name, bundle in attachments.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale figures, change nothing")
    parser.add_argument("--course", type=Path, default=COURSE, help="course folder (default: this repository)")
    parser.add_argument("notebooks", nargs="*", type=Path, help="only these notebooks (default: all of source/)")
    arguments = parser.parse_args(argv)
    stale = []
    notebooks = [path.resolve() for path in arguments.notebooks] or sorted(arguments.course.glob("source/*/*.ipynb"))
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        if embed(notebook):
            stale.append(path)
            if not arguments.check:
                nbformat.write(notebook, path)
    verb = "stale" if arguments.check else "redrawn"
    for path in stale:
        print(f"{verb}: {path}")
    return 1 if stale and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
