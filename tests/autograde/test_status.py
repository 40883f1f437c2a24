"""Grading statuses and fingerprints, directly: what a re-run trusts to skip a submission."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, replace
from pathlib import Path
from unittest import mock

import nbformat
import pytest

from coursekit.autograde.status import (
    FAILED,
    GRADED,
    TIMED_OUT,
    UNCHANGED,
    GradeRecord,
    GradeStatus,
    fingerprint,
    grading_inputs,
)
from tiny_course import tiny_notebook

RECORD = GradeRecord("ch01", "student001", GRADED, "", "abc", 1.5)


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    folder = tmp_path / "ch01"
    folder.mkdir()
    (folder / "ch01.ipynb").write_text("{}")
    (folder / "answers.json").write_text('{"ch01.x": "a"}')
    return folder


@pytest.mark.parametrize(
    ("status", "reason", "review"),
    [(GRADED, "", False), (UNCHANGED, "", False), (GRADED, "no answers.json", True), (FAILED, "x", True)]
    + [(TIMED_OUT, "timed out", True)],
)
def test_needs_review(status: str, reason: str, review: bool) -> None:
    """Does a record need review exactly when it failed, timed out, or was graded with a note?"""
    assert replace(RECORD, status=status, reason=reason).needs_review is review


def test_records_survive_a_new_run(tmp_path: Path) -> None:
    """Is every recorded outcome read back as it was by the next run, the newest one per submission?"""
    path = tmp_path / "autograded" / "coursekit-status.json"
    status = GradeStatus(path)
    status.record(RECORD)
    status.record(replace(RECORD, student="student002", status=FAILED, reason="corrupted"))
    status.record(replace(RECORD, fingerprint="def"))
    status.close()
    again = GradeStatus(path)
    assert again.get("ch01", "student001") == replace(RECORD, fingerprint="def")
    assert again.get("ch01", "student002") == replace(RECORD, student="student002", status=FAILED, reason="corrupted")
    assert again.get("ch05", "student001") is None
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left beside it


@pytest.mark.parametrize("text", ["{not json", '["a list"]', '{"ch01/s": {"status": "graded"}}', ""])
def test_an_unreadable_status_file_is_ignored_whole(tmp_path: Path, text: str) -> None:
    """Does a damaged status file read as empty (so everything is graded again) rather than half-trusted?"""
    path = tmp_path / "coursekit-status.json"
    path.write_text(text)
    assert GradeStatus(path).records == {}


def test_a_run_stopped_before_closing_loses_nothing(tmp_path: Path) -> None:
    """Does a run killed before `close` keep every record it made, folded into the JSON by the next load?"""
    path = tmp_path / "autograded" / "coursekit-status.json"
    with GradeStatus(path) as earlier:
        earlier.record(replace(RECORD, student="student002"))
    script = (
        "import sys, os; from dataclasses import replace; from pathlib import Path\n"
        "from coursekit.autograde.status import GradeStatus\n"
        "status = GradeStatus(Path(sys.argv[1]))\n"
        "status.record(replace(status.get('ch01', 'student002'), student='student001', fingerprint='new'))\n"
        "status.record(replace(status.get('ch01', 'student002'), status='failed'))\n"
        "os._exit(0)  # no close, no finally: as if killed\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert (path.parent / ".coursekit-status.journal").exists()
    again = GradeStatus(path)
    assert again.get("ch01", "student001") == replace(RECORD, fingerprint="new")
    assert again.get("ch01", "student002") == replace(RECORD, student="student002", status=FAILED)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # folded: the journal is gone
    assert GradeStatus(path).records == again.records
    assert json.loads(path.read_text())["ch01/student002"]["status"] == FAILED


def test_a_reader_leaves_a_running_journal_alone(tmp_path: Path) -> None:
    """While a run is still recording, does another reader see its records without folding its journal away,
    so the run's later records are kept too?"""
    path = tmp_path / "coursekit-status.json"
    running = GradeStatus(path)
    running.record(RECORD)
    assert GradeStatus(path).get("ch01", "student001") == RECORD
    running.record(replace(RECORD, student="student002"))
    assert set(GradeStatus(path).records) == {"ch01/student001", "ch01/student002"}
    running.close()
    assert set(json.loads(path.read_text())) == {"ch01/student001", "ch01/student002"}
    assert not (tmp_path / ".coursekit-status.journal").exists()


def test_a_cut_off_last_journal_line_is_ignored(tmp_path: Path) -> None:
    """Is a journal line cut off (or garbled) by a run stopped mid-write skipped, and every whole line kept? And
    does the next run's record start on a line of its own rather than being glued to the cut-off one?"""
    path = tmp_path / "coursekit-status.json"
    journal = tmp_path / ".coursekit-status.journal"
    whole = json.dumps(asdict(RECORD)) + "\n"
    cut = json.dumps(asdict(replace(RECORD, student="student002")))[:40]
    for tail in [cut, "not json\n", "[1, 2]\n"]:
        journal.write_text(whole + tail)
        assert GradeStatus(path).records == {"ch01/student001": RECORD}
        path.unlink()
    journal.write_text(whole + cut)
    with mock.patch("fcntl.flock", side_effect=BlockingIOError):  # as if a run held it: no fold on this load
        status = GradeStatus(path)
        status.record(replace(RECORD, student="student003"))
    assert set(GradeStatus(path).records) == {"ch01/student001", "ch01/student003"}


def test_the_journal_wins_over_the_json(tmp_path: Path) -> None:
    """Is a submission's journal line, newer than the JSON, the one read back?"""
    path = tmp_path / "coursekit-status.json"
    with GradeStatus(path) as status:
        status.record(RECORD)
    (tmp_path / ".coursekit-status.journal").write_text(json.dumps(asdict(replace(RECORD, status=FAILED))) + "\n")
    assert GradeStatus(path).get("ch01", "student001") == replace(RECORD, status=FAILED)


def test_the_json_is_rewritten_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is recording N submissions N appends and one rewrite of the JSON at `close`, not N rewrites?"""
    path = tmp_path / "coursekit-status.json"
    replaced: list[Path] = []
    real_replace = os.replace

    def counted(old: str, new: str) -> None:
        replaced.append(Path(new))
        real_replace(old, new)

    monkeypatch.setattr(os, "replace", counted)
    with GradeStatus(path) as status:
        for number in range(200):
            status.record(replace(RECORD, student=f"student{number:03}"))
        assert replaced == []
    assert replaced == [path]
    assert len(GradeStatus(path).records) == 200
    assert replaced == [path]  # nothing left to fold on the next load


def test_fingerprint_changes_with_any_file(submission: Path) -> None:
    """Does the fingerprint change when a file's bytes change, a file is added or one is renamed?"""
    first = fingerprint(submission)
    assert fingerprint(submission) == first
    (submission / "answers.json").write_text('{"ch01.x": "b"}')
    changed = fingerprint(submission)
    assert changed != first
    (submission / "extra.txt").write_text("")
    added = fingerprint(submission)
    assert added not in (first, changed)
    (submission / "extra.txt").rename(submission / "other.txt")
    assert fingerprint(submission) not in (first, changed, added)


def test_fingerprint_depends_on_content_not_place(submission: Path, tmp_path: Path) -> None:
    """Do two folders with the same files have the same fingerprint, wherever they are and however old?"""
    copy = tmp_path / "elsewhere" / "ch01"
    copy.mkdir(parents=True)
    for path in submission.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    os.utime(copy / "answers.json", (0, 0))
    assert fingerprint(copy) == fingerprint(submission)


def test_fingerprint_reads_a_symlink_without_following_it(submission: Path, tmp_path: Path) -> None:
    """Is a symlink hashed by its target path, so a changed target file does not change the fingerprint?"""
    outside = tmp_path / "outside.txt"
    outside.write_text("one")
    (submission / "link").symlink_to(outside)
    before = fingerprint(submission)
    outside.write_text("two")
    assert fingerprint(submission) == before
    (submission / "link").unlink()
    (submission / "link").symlink_to(tmp_path / "another.txt")
    assert fingerprint(submission) != before


def test_what_grades_is_part_of_the_fingerprint(tmp_path: Path, submission: Path) -> None:
    """Does a changed key or points change what grades a chapter, while an edit of its reading does not?"""
    source = tmp_path / "ps1.ipynb"
    notebook = tiny_notebook()
    nbformat.write(notebook, source)
    before = grading_inputs(source)
    assert fingerprint(submission, before) != fingerprint(submission, "")
    reading = next(cell for cell in notebook.cells if cell.cell_type == "markdown")
    reading.source += "\n\nOne more sentence of reading."
    nbformat.write(notebook, source)
    assert grading_inputs(source) == before
    test = next(cell for cell in notebook.cells if "grade_fill_in(" in cell.source)
    test.source = test.source.replace('"levain"]', '"levain", "leaven"]')
    nbformat.write(notebook, source)
    assert grading_inputs(source) != before
    assert grading_inputs(tmp_path / "missing.ipynb") != before
