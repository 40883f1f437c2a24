"""Submission folders bent out of shape, as hypothesis strategies (test data for fuzzing `coursekit grade`).

Each strategy draws an edit, a function of a submission folder with its drawn arguments: the notebook's cells
removed, repeated, moved, retyped, rewritten or given outputs, its metadata or grade ids changed, its JSON broken or
blown up; files added (a `coursekit/` package, `json.py`, `nbgrader_config.py`, links, odd names); answers.json
replaced by any bytes (`strategies.answers_files`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from functools import partial, wraps
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from strategies import answers_files, any_text, json_values

__all__ = ["Edit", "answers_edits", "change_grading", "describe", "edits", "folder_names", "write_answers"]

Edit = partial[None]  # an edit of a submission folder: a function of the folder and its drawn arguments

CODE = [
    "raise RuntimeError('the student code fails')",
    "import sys\nprint('noise', file=sys.stderr)",
    "for _ in range(10**6):\n    pass",
    "import time\ntime.sleep(0.3)",
    "print(3.0)\n3.0",
    "import os\nos._exit(1)",
    "open('answers.json', 'w').write('{}')",
    "get_ipython().ast_node_interactivity = 'none'",
    "### BEGIN HIDDEN TESTS\n4.0\n### END HIDDEN TESTS",
]
OUTPUTS: list[dict[str, Any]] = [
    {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "3.0"}},
    {"output_type": "stream", "name": "stderr", "text": "Traceback (most recent call last):\n"},
    {"output_type": "error", "ename": "ValueError", "evalue": "forged", "traceback": ["ValueError: forged"]},
    {"output_type": "display_data", "metadata": {}, "data": {"text/html": "<script>alert(1)</script>"}},
]
# Files a submission may hold to take over grading if they were ever imported or read
TAKEOVERS = {
    "coursekit/__init__.py": "raise SystemExit('a shadowed coursekit')",
    "coursekit/scoring.py": "grade_buckets = grade_ordering = lambda *a, **k: 100.0",
    "json.py": "raise SystemExit('a shadowed json')",
    "nbgrader_config.py": "c = get_config()\nc.Execute.timeout = 1\nraise SystemExit('a student config')",
    "sitecustomize.py": "open('/tmp/coursekit-fuzz-pwned', 'w').write('ran')",
}
# Outside the submission (the course's gradebook and keys), nowhere, and the submission itself
LINK_TARGETS = st.sampled_from(
    ["../../../gradebook.db", "../../../source/ch01/ch01.ipynb", "../../../source", "/nonexistent", "."]
)


def _on_notebook(change: Callable[..., None]) -> Callable[..., None]:
    """An edit of the submission's notebook as JSON; none when an earlier edit left it unreadable."""

    @wraps(change)
    def edit(folder: Path, **arguments: Any) -> None:
        path = folder / f"{folder.name}.ipynb"
        if path.is_symlink() or not path.is_file():  # never write through a link an earlier edit made
            return
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(notebook, dict) and isinstance(notebook.get("cells"), list) and notebook["cells"]:
            change(notebook, **arguments)
            path.write_text(json.dumps(notebook), encoding="utf-8")

    return edit


def _picked(cells: list[Any], picks: list[int]) -> list[int]:
    return sorted({pick % len(cells) for pick in picks}) if cells else []


@_on_notebook
def remove_cells(notebook: dict[str, Any], picks: list[int]) -> None:
    gone = set(_picked(notebook["cells"], picks))
    notebook["cells"] = [cell for index, cell in enumerate(notebook["cells"]) if index not in gone]


@_on_notebook
def repeat_cells(notebook: dict[str, Any], picks: list[int]) -> None:
    cells = notebook["cells"]
    notebook["cells"] = cells + [cells[index] for index in _picked(cells, picks)]


@_on_notebook
def move_cells(notebook: dict[str, Any], moves: list[tuple[int, int]]) -> None:
    cells = notebook["cells"]
    for start, end in moves:
        cells.insert(end % len(cells), cells.pop(start % len(cells)))


@_on_notebook
def retype_cells(notebook: dict[str, Any], picks: list[int], cell_type: str) -> None:
    for index in _picked(notebook["cells"], picks):
        cell = notebook["cells"][index]
        cell["cell_type"] = cell_type
        if cell_type == "code":
            cell.update(outputs=[], execution_count=None)
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)


@_on_notebook
def rewrite_cells(notebook: dict[str, Any], picks: list[int], code: str) -> None:
    for index in _picked(notebook["cells"], picks):
        notebook["cells"][index]["source"] = code


@_on_notebook
def inject_outputs(notebook: dict[str, Any], picks: list[int], output: dict[str, Any]) -> None:
    for index in _picked(notebook["cells"], picks):
        if notebook["cells"][index]["cell_type"] == "code":
            notebook["cells"][index]["outputs"].append(output)


@_on_notebook
def change_metadata(notebook: dict[str, Any], field: str, value: Any) -> None:
    notebook["metadata"][field] = value


@_on_notebook
def change_grading(notebook: dict[str, Any], picks: list[int], field: str, value: Any) -> None:
    """Change a field of nbgrader's cell metadata (grade_id, points, grade, ...), or with no field all of it; the
    first picks are the graded cells, whose points count."""
    graded = [cell["metadata"] for cell in notebook["cells"] if isinstance(cell["metadata"].get("nbgrader"), dict)]
    graded.sort(key=lambda metadata: not metadata["nbgrader"].get("grade"))
    for index in _picked(graded, picks):
        if field:
            graded[index]["nbgrader"][field] = value
        else:
            graded[index]["nbgrader"] = value


def break_notebook(folder: Path, how: str, at: int) -> None:
    path = folder / f"{folder.name}.ipynb"
    if path.is_symlink() or not path.is_file():
        return
    raw = path.read_bytes()
    broken = {"cut": raw[: at % max(1, len(raw))], "empty": b"", "not JSON": b"print('hi')", "not UTF-8": b"\xff" + raw}
    path.write_bytes(broken[how])


@_on_notebook
def blow_up_notebook(notebook: dict[str, Any], megabytes: int) -> None:
    """A notebook of several MB: one markdown cell of text, as a pasted log would make."""
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "log line\n" * (megabytes * 116_000)})


def write_answers(folder: Path, raw: bytes | None) -> None:
    _replace(folder, "answers.json")
    if raw is not None:
        _write(folder, "answers.json", raw)


def add_takeover(folder: Path, name: str) -> None:
    _write(folder, name, TAKEOVERS[name].encode())


def add_link(folder: Path, name: str, target: str) -> None:
    if _replace(folder, name):
        os.symlink(target, folder / name)


def add_file(folder: Path, name: str, data: bytes, inside: str | None) -> None:
    _write(folder, f"{inside}/{name}" if inside else name, data)


def _replace(folder: Path, name: str) -> bool:
    """Make way for a new file of that name: remove a file or link, but not a folder an earlier edit made."""
    if (folder / name).is_dir() and not (folder / name).is_symlink():
        return False
    (folder / name).unlink(missing_ok=True)
    return True


def _write(folder: Path, name: str, data: bytes) -> None:
    """Write a new file, its folders made; nothing when an earlier edit took the name or made a file of a folder
    on its way (so nothing is ever written through a link)."""
    on_the_way = [folder / part for part in Path(name).parents if part != Path(".")]
    if any(path.is_file() or path.is_symlink() for path in on_the_way) or os.path.lexists(folder / name):
        return
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _safe_name(name: str) -> bool:
    """A name the file system takes: no slash or NUL, not . or .., at most 255 bytes once encoded."""
    try:
        encoded = name.encode(sys.getfilesystemencoding(), "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate outside the range surrogateescape maps to bytes
        return False
    return b"/" not in encoded and b"\0" not in encoded and name not in (".", "..") and 0 < len(encoded) <= 255


ODD_NAMES = any_text(1, 12).filter(_safe_name) | st.sampled_from(
    ["answers.json ", " ch01.ipynb", "ch05.ipynb", "extra.ipynb", "a\nb.txt", "-rf", "*.ipynb", "[x].py", "é ü.json"]
)
FIELDS = ["kernelspec", "language_info", "nbgrader", "widgets", "celltoolbar"]
GRADING_FIELDS = ["grade_id", "points", "grade", "solution", "locked", "schema_version", ""]
PICKS = st.lists(st.integers(0, 200), min_size=1, max_size=6)


def _edit(function: Callable[..., None], **arguments: st.SearchStrategy[Any]) -> st.SearchStrategy[Edit]:
    return st.builds(partial, st.just(function), **arguments)


def answers_edits(references: Mapping[str, Any]) -> st.SearchStrategy[Edit]:
    """answers.json replaced by any bytes, drawn near the chapter's reference answers (or removed)."""
    return _edit(write_answers, raw=answers_files(references))


def edits(references: Mapping[str, Any]) -> list[st.SearchStrategy[Edit]]:
    """One strategy per kind of edit."""
    moves = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)))
    grading_values = json_values(3) | st.sampled_from(["ml-workflows-test", "bonus", 100, True])
    return [
        _edit(remove_cells, picks=PICKS),
        _edit(repeat_cells, picks=PICKS),
        _edit(move_cells, moves=moves),
        _edit(retype_cells, picks=PICKS, cell_type=st.sampled_from(["markdown", "raw", "code"])),
        _edit(rewrite_cells, picks=PICKS, code=st.sampled_from(CODE)),
        _edit(inject_outputs, picks=PICKS, output=st.sampled_from(OUTPUTS)),
        _edit(change_metadata, field=st.sampled_from(FIELDS), value=json_values(4)),
        _edit(change_grading, picks=PICKS, field=st.sampled_from(GRADING_FIELDS), value=grading_values),
        _edit(break_notebook, how=st.sampled_from(["cut", "empty", "not JSON", "not UTF-8"]), at=st.integers(0, 10**6)),
        _edit(blow_up_notebook, megabytes=st.integers(1, 6)),
        answers_edits(references),
        _edit(add_takeover, name=st.sampled_from(list(TAKEOVERS))),
        _edit(add_link, name=st.sampled_from(["answers.json", "notes.txt", "ch01.ipynb"]), target=LINK_TARGETS),
        _edit(add_file, name=ODD_NAMES, data=st.binary(max_size=20), inside=st.none() | ODD_NAMES),
    ]


def folder_names() -> st.SearchStrategy[str]:
    """What may follow a student id in a submitted/ folder name: nothing, or spaces, quotes, unicode, globs."""
    return st.sampled_from(["", " with space", "-é", "'quote", "[glob]*", "+plus"]) | ODD_NAMES


def describe(edit: Edit) -> str:
    """The edit as a short line for assertion messages: its name and arguments."""
    arguments = ", ".join(f"{name}={value!r:.80}" for name, value in edit.keywords.items())
    return f"{edit.func.__name__}({arguments})"
