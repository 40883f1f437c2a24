"""How a notebook names its exercises: titles from markdown headings, ids in code. Light enough for the kernel
side (validate's messages) and shared with the instructor's listings and check, so all read a notebook alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["heading_title", "names_exercise", "title_in_notebook"]

# A heading's title without its label: "## 3. App vs. model", "### Exercise 3: App vs. model" -> "App vs. model"
_HEADING = re.compile(
    r"^#{1,6}\s+(?:(?:Exercise|Essay)\s+\d+\s*[:.]\s*|\d+[.)]\s*)?(.+?)\s*#*\s*$", re.MULTILINE | re.IGNORECASE
)


def heading_title(text: str) -> str:
    """The title of the last markdown heading in `text`, without its label; empty when there is none."""
    headings = _HEADING.findall(text)
    return headings[-1].strip() if headings else ""


def names_exercise(code: str, exercise_id: str) -> bool:
    """Whether the code names the exercise id as a whole word (ch01.a, not ch01.ab or ch01.a.b)."""
    return re.search(rf"(?<![\w.-]){re.escape(exercise_id)}(?![\w-]|\.\w)", code) is not None


def title_in_notebook(path: Path, exercise_id: str) -> str:
    """The title of the heading above the first code cell naming the exercise id as a string; empty when the
    notebook cannot be read or does not name it (read as plain JSON: nbformat is not loaded in a kernel)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return ""
    named = re.compile(rf"""["']{re.escape(exercise_id)}["']""")
    title = ""
    for cell in cells if isinstance(cells, list) else []:
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        text = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            title = heading_title(text) or title
        elif cell.get("cell_type") == "code" and named.search(text):
            return title
    return ""
