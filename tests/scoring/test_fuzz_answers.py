"""answers.json fuzzed as bytes on disk and graded by the course's own hidden tests, run as the grading kernel runs
them, in the notebook's folder: every file ends as a score in [0, points] with its explanation printed, the score
the rules give the answer read (0 with a note when the file cannot be read), never an exception, never NaN."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given
from hypothesis import strategies as st

from coursekit.course import Course
from coursekit.notebooks.keys import BEGIN, Key, read_keys, reference_answer
from coursekit.notebooks.listing import list_exercises, read_notebook
from coursekit.scoring.kinds import KINDS
from coursekit.student.answers import ANSWERS_FILE, MAX_BYTES, load_answers
from repo import COURSE, quiz_chapters
from strategies import answers_files, fuzz_settings, readable_answers

CHAPTERS = quiz_chapters()
NOTE = f"Note: {ANSWERS_FILE} "  # how a grading call says the file could not be read
# How deep json.loads gets depends on the stack it starts from: this near the limit, either reading is right
DEPTH_SLACK = 100


@dataclass(frozen=True)
class HiddenTest:
    """A test cell of a source notebook: its whole source, as nbgrader runs it, and the key it grades with."""

    source: str
    key: Key
    shown: tuple[str, ...]  # the widget's options or items


def hidden_tests(chapter: str) -> list[HiddenTest]:
    path = Course(COURSE).source_notebook(chapter)
    keys = {key.grade_id: key for key in read_keys(path).values()}
    listing = {exercise["id"]: exercise for exercise in list_exercises(path)}
    tests = []
    for cell in read_notebook(path).cells:
        key = keys.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
        if cell.cell_type == "code" and BEGIN in cell.source and key is not None:
            shown = listing[key.exercise_id].get("options", listing[key.exercise_id].get("items", []))
            tests.append(HiddenTest(cell.source, key, tuple(shown)))
    return tests


TESTS = {chapter: hidden_tests(chapter) for chapter in CHAPTERS}
REFERENCES = {chapter: {t.key.exercise_id: reference_answer(t.key) for t in tests} for chapter, tests in TESTS.items()}
FILES = {chapter: answers_files(references) for chapter, references in REFERENCES.items()}
FIRST = TESTS[CHAPTERS[0]][0].key.exercise_id  # an exercise of the first chapter, for the inputs named below


def run_cell(source: str) -> tuple[Any, str]:
    """Run a cell as IPython does (every statement, the last one's value kept when it is an expression), with
    what it prints."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    result = ast.fix_missing_locations(ast.Expression(last.value if isinstance(last, ast.Expr) else ast.Constant(None)))
    if isinstance(last, ast.Expr):
        tree.body.pop()
    namespace: dict[str, Any] = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(tree, "<hidden test>", "exec"), namespace)
        value = eval(compile(result, "<hidden test>", "eval"), namespace)
    return value, printed.getvalue()


def nesting(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value (without recursion: the value may be very deep)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            todo += [(part, depth + 1) for part in (item.values() if isinstance(item, dict) else item)]
    return deepest


def check_grading(test: HiddenTest, stored: dict[str, Any] | None) -> None:
    """Grade with the hidden test and compare with what the rules give the answer a correct reader finds."""
    key = test.key
    earned, printed = run_cell(test.source)
    assert type(earned) is float and not math.isnan(earned) and 0.0 <= earned <= key.points, earned
    # the kernel sends output as strict UTF-8 JSON; what it cannot send reaches nbgrader as stderr: 0 points
    printed.encode("utf-8")
    assert printed.rstrip().endswith(f"Points: {earned:g} of {key.points:g}"), printed[-300:]
    deep = stored is not None and nesting(stored) > sys.getrecursionlimit() - DEPTH_SLACK
    if NOTE in printed:
        assert earned == 0.0 and (stored is None or deep), printed[:300]
        return
    assert stored is not None, f"an unreadable {ANSWERS_FILE} was graded without a note"
    kind, answer = KINDS[key.kind], stored.get(key.exercise_id)
    assert earned == round(key.points * kind.score(answer, key.key).fraction, 2)
    # feedback and the widgets' static views show the same answer
    rows = kind.compare(answer, key.key, test.shown).rows
    assert all(isinstance(cell, str) for row in rows for cell in row.cells)
    assert isinstance(kind.describe_html(answer), str)


@fuzz_settings(100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_answers_file_is_graded_in_range(workdir: Path, data: st.DataObject) -> None:
    """Does every hidden test of a chapter turn any answers.json into points in [0, points] and an explanation?"""
    chapter = data.draw(st.sampled_from(CHAPTERS), label="chapter")
    grade_chapter(workdir, chapter, data.draw(FILES[chapter], label="answers.json"))


HARD_FILES = {
    "a lone surrogate, printed in the explanation": json.dumps({FIRST: {"\ud800": []}}).encode(),
    "a number one digit over Python's limit of 4300": b'{"' + FIRST.encode() + b'": ' + b"9" * 4_301 + b"}",
    "an answer just under the size cap": b'{"' + FIRST.encode() + b'": "' + b"x" * (MAX_BYTES - 40) + b'"}',
}


@pytest.mark.parametrize("raw", HARD_FILES.values(), ids=HARD_FILES.keys())
def test_hard_answers_files_are_graded_in_range(workdir: Path, raw: bytes) -> None:
    """Are the inputs that once broke grading, or sit on a limit, graded like any other?"""
    grade_chapter(workdir, CHAPTERS[0], raw)


def grade_chapter(folder: Path, chapter: str, raw: bytes | None) -> None:
    path = folder / ANSWERS_FILE
    path.unlink(missing_ok=True)
    if raw is not None:
        path.write_bytes(raw)
    stored = readable_answers(raw)
    for test in TESTS[chapter]:
        check_grading(test, stored)


BROKEN = object()  # stands for bytes json.loads refuses


def _loaded(raw: bytes | None) -> Any:
    try:
        return json.loads(raw or b"")
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return BROKEN


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # a file found over the size cap
def test_the_fuzzed_files_reach_every_reading() -> None:
    """Do the fuzzed files include answers right, wrong and of the wrong shape, and files missing, too big, not
    UTF-8, not JSON, not an object, nested deeply and holding numbers too long to read?"""
    files = FILES[CHAPTERS[0]]
    right = REFERENCES[CHAPTERS[0]][FIRST]

    def answer(raw: bytes | None) -> Any:
        return (readable_answers(raw) or {}).get(FIRST, BROKEN)

    readings: dict[str, Callable[[bytes | None], bool]] = {
        "no file": lambda raw: raw is None,
        "too big": lambda raw: raw is not None and len(raw) > MAX_BYTES,
        "not UTF-8": lambda raw: raw is not None and not _utf8(raw),
        "not JSON": lambda raw: raw is not None and _utf8(raw) and _loaded(raw) is BROKEN,
        "not an object": lambda raw: not isinstance(_loaded(raw), dict) and _loaded(raw) is not BROKEN,
        "a right answer": lambda raw: answer(raw) == right,
        "a wrong answer": lambda raw: answer(raw) not in (right, BROKEN) and type(answer(raw)) is type(right),
        "a wrong shape": lambda raw: answer(raw) is not BROKEN and type(answer(raw)) is not type(right),
        "nested deeply": lambda raw: raw is not None and raw.count(b"[") > 990,
        "a long number": lambda raw: raw is not None and b"9" * (sys.get_int_max_str_digits() + 1) in raw,
    }
    for reading, holds in readings.items():
        # the first file found will do: shrinking files of a megabyte takes minutes
        assert holds(find(files, holds, settings=fuzz_settings(2_000, phases=[Phase.generate]))), reading


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_a_number_too_long_to_read_makes_the_file_unreadable(tmp_path: Path) -> None:
    """Does load_answers report a number over Python's digit limit as a problem rather than raise?"""
    path = tmp_path / ANSWERS_FILE
    path.write_bytes(b'{"x": ' + b"9" * (sys.get_int_max_str_digits() + 1) + b"}")
    answers, problem = load_answers(path)
    assert answers == {} and problem is not None
