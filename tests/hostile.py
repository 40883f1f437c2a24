"""Hostile submissions of chapter ch01: each function turns an honest submission folder into an attack.

Every hostile student hands in answers that earn nothing (an empty answers.json unless the attack is the answers
file itself), so any point they get was gained by the attack.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

Attack = Callable[[Path], None]
NOTEBOOK = "ch01.ipynb"


def _add_cell(folder: Path, source: str, metadata: dict[str, Any] | None = None, at: int = 1) -> None:
    path = folder / NOTEBOOK
    notebook = json.loads(path.read_text())
    cell: dict[str, Any] = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata or {},
        "outputs": [],
        "source": source,
    }
    notebook["cells"].insert(at, cell)
    path.write_text(json.dumps(notebook))


def _cells(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    notebook = json.loads((folder / NOTEBOOK).read_text())
    return notebook, notebook["cells"]


def reads_source_keys(folder: Path) -> None:
    _add_cell(
        folder,
        "import json, re\nsrc = open('../../../source/ch01/ch01.ipynb').read()\nprint(src)\n"
        "open('answers.json', 'w').write(json.dumps({'stolen': src}))\n",
    )


def writes_gradebook(folder: Path) -> None:
    _add_cell(
        folder,
        "import sqlite3\ndb = sqlite3.connect('../../../gradebook.db')\n"
        "db.execute('update grade set auto_score = 100')\ndb.commit()\n",
    )


def always_equal_answers(folder: Path) -> None:
    _add_cell(
        folder,
        "class Everything:\n    def __eq__(self, other): return True\n    def __hash__(self): return 0\n"
        "import coursekit.scoring.grading as g\ng.saved_answer = lambda *a, **k: Everything()\n"
        "import coursekit.scoring.rules as s\ns.Score.__init__.__defaults__\n",
    )


def shadows_packages(folder: Path) -> None:
    package = folder / "coursekit"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "grading.py").write_text("def __getattr__(name):\n    return lambda *a, **k: 100.0\n")
    (folder / "anywidget.py").write_text("open('/tmp/coursekit-pwned', 'w').write('shadowed')\n")
    (folder / "json.py").write_text("raise SystemExit('shadowed json')\n")


def ignores_sigint_forever(folder: Path) -> None:
    _add_cell(folder, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n")


def floods_output(folder: Path) -> None:
    _add_cell(folder, "for _ in range(10_000):\n    print('x' * 100_000)\n")


def fork_bomb(folder: Path) -> None:
    _add_cell(folder, "import os\nwhile True:\n    os.fork()\n")


def reads_etc_and_home(folder: Path) -> None:
    _add_cell(folder, "import os\nprint(open('/etc/passwd').read())\nprint(os.listdir(os.path.expanduser('~')))\n")


def writes_outside(folder: Path) -> None:
    _add_cell(
        folder,
        "import json\nfor target in ['../../honest-a/ch01/answers.json', '../../../release/ch01/ch01.ipynb',"
        " '/tmp/coursekit-outside']:\n    open(target, 'w').write(json.dumps({'ch01.ml-workflows': 'x'}))\n",
    )


def deletes_cells(folder: Path) -> None:
    notebook, cells = _cells(folder)
    notebook["cells"] = [c for c in cells if c["cell_type"] == "markdown"]
    (folder / NOTEBOOK).write_text(json.dumps(notebook))


def edits_test_cells(folder: Path) -> None:
    notebook, cells = _cells(folder)
    for cell in cells:
        if str(cell["metadata"].get("nbgrader", {}).get("grade_id", "")).endswith("-test"):
            cell["source"] = "4.0"
    (folder / NOTEBOOK).write_text(json.dumps(notebook))


def forges_metadata(folder: Path) -> None:
    notebook, cells = _cells(folder)
    for cell in cells:
        grading = cell["metadata"].get("nbgrader", {})
        if grading.get("grade"):
            grading["points"] = 100
    (folder / NOTEBOOK).write_text(json.dumps(notebook))
    bonus = {
        "nbgrader": {
            "grade": True,
            "solution": False,
            "locked": True,
            "points": 100,
            "grade_id": "bonus",
            "schema_version": 3,
            "task": False,
        }
    }
    _add_cell(folder, "100", bonus)


def duplicates_grade_ids(folder: Path) -> None:
    notebook, cells = _cells(folder)
    first_test = next(c for c in cells if str(c["metadata"].get("nbgrader", {}).get("grade_id", "")).endswith("-test"))
    forged = json.loads(json.dumps(first_test))
    forged["source"] = "3.0"
    cells.append(forged)
    (folder / NOTEBOOK).write_text(json.dumps(notebook))


def non_utf8_notebook(folder: Path) -> None:
    path = folder / NOTEBOOK
    path.write_bytes(path.read_bytes().replace(b"MLOps", b"ML\xff\xfeOps"))


def truncated_notebook(folder: Path) -> None:
    path = folder / NOTEBOOK
    path.write_bytes(path.read_bytes()[:500])


def huge_answers(folder: Path) -> None:
    with (folder / "answers.json").open("w") as handle:
        handle.write('{"ch01.life-cycle-recap": [')
        handle.write(", ".join(['"Deploy your model"'] * 5_000_000))
        handle.write("]}")


def malformed_answers(folder: Path) -> None:
    (folder / "answers.json").write_text('{"ch01.ml-workflows": {"ML Development": [')


def odd_answer_types(folder: Path) -> None:
    answers = {
        "ch01.ml-workflows": {"ML Development": {"$ne": None}},
        "ch01.mlops-benefits": ["Improved data quality"],
        "ch01.life-cycle-recap": 10**100,
        "ch01.automated-sequence": {"__eq__": True},
    }
    (folder / "answers.json").write_text(json.dumps(answers))


def symlink_to_source(folder: Path) -> None:
    (folder / "answers.json").unlink()
    os.symlink("../../../source/ch01/ch01.ipynb", folder / "answers.json")


def wrong_chapter_notebook(folder: Path) -> None:
    (folder / NOTEBOOK).rename(folder / "ch05.ipynb")


ATTACKS: dict[str, Attack] = {
    "reads-source-keys": reads_source_keys,
    "writes-gradebook": writes_gradebook,
    "always-equal": always_equal_answers,
    "shadows-packages": shadows_packages,
    "ignores-sigint": ignores_sigint_forever,
    "floods-output": floods_output,
    "fork-bomb": fork_bomb,
    "reads-etc-home": reads_etc_and_home,
    "writes-outside": writes_outside,
    "deletes-cells": deletes_cells,
    "edits-test-cells": edits_test_cells,
    "forges-metadata": forges_metadata,
    "duplicates-ids": duplicates_grade_ids,
    "non-utf8": non_utf8_notebook,
    "truncated-notebook": truncated_notebook,
    "huge-answers": huge_answers,
    "malformed-answers": malformed_answers,
    "odd-answer-types": odd_answer_types,
    "symlink-to-source": symlink_to_source,
    "wrong-chapter": wrong_chapter_notebook,
}
# Attacks stopped before grading, with the words their reason must contain.
REJECTED = {
    "non-utf8": "not UTF-8",
    "truncated-notebook": "corrupted",
    "symlink-to-source": "symbolic links",
    "wrong-chapter": "no ch01.ipynb",
}
# Attacks graded as not answered and flagged for review.
FLAGGED = {"huge-answers": "over the 1 MB limit", "malformed-answers": "not valid JSON"}
