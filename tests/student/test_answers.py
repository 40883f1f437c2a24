"""The answer store: atomic, merging, tolerant of damaged files without losing them."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from coursekit.student.answers import (
    AnswerStoreWarning,
    answers_path,
    load_answers,
    read_answers,
    save_answer,
)


def test_missing_file_reads_as_no_answers(workdir: Path) -> None:
    """Does a folder without answers.json read as no answers, silently?"""
    assert load_answers(answers_path()) == ({}, None)


def test_save_merges_with_other_answers(workdir: Path) -> None:
    """Does saving one exercise keep every other exercise's answer?"""
    path = answers_path()
    save_answer(path, "ch01.a", "x")
    save_answer(path, "ch01.b", ["y", "z"])
    save_answer(path, "ch01.a", "w")
    assert json.loads(path.read_text()) == {"ch01.a": "w", "ch01.b": ["y", "z"]}


def test_saved_file_is_readable_by_others_and_leaves_no_temp_files(workdir: Path) -> None:
    """Is the file world-readable (collect copies it) and are temporary files cleaned up?"""
    path = answers_path()
    save_answer(path, "ch01.a", "x")
    assert path.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in workdir.iterdir()) == [".ipynb_checkpoints", "answers.json"]  # the first: lock file


def test_concurrent_saves_of_two_exercises_lose_nothing(workdir: Path) -> None:
    """Do many saves from two exercises at once all survive (no lost update)?"""
    path = answers_path()

    def answer(prefix: str) -> None:
        for index in range(40):
            save_answer(path, f"{prefix}.{index}", index)

    threads = [threading.Thread(target=answer, args=(name,)) for name in ("ch01", "ch02")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = json.loads(path.read_text())
    assert len(saved) == 80
    assert saved["ch02.39"] == 39


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "is not valid JSON"),
        (b"[1, 2]", "holds a JSON list"),
        (b"\xff\xfe\x00", "is not UTF-8"),
        (b"", "is not valid JSON"),
    ],
)
def test_damaged_file_warns_and_reads_as_empty(workdir: Path, content: bytes, problem: str) -> None:
    """Does a damaged answers.json give a warning naming the file and the problem, not a crash?"""
    path = answers_path()
    path.write_bytes(content)
    with pytest.warns(AnswerStoreWarning, match=problem) as record:
        assert read_answers(path) == {}
    assert str(path) in str(record[0].message)


def test_damaged_file_is_kept_before_rewriting(workdir: Path) -> None:
    """Is a damaged answers.json copied aside, byte for byte, before a new answer replaces it?"""
    path = answers_path()
    path.write_bytes(b'{"ch01.a": "x",')
    with pytest.warns(AnswerStoreWarning, match="kept as answers.json.damaged-"):
        save_answer(path, "ch01.b", "y")
    backups = list(workdir.glob("answers.json.damaged-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == b'{"ch01.a": "x",'
    assert json.loads(path.read_text()) == {"ch01.b": "y"}


def test_failed_write_raises_and_keeps_the_old_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the new file cannot be put in place, does saving fail loudly, keeping old answers, no temp file?"""
    path = answers_path()
    save_answer(path, "ch01.a", "x")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("coursekit.student.answers.os.replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_answer(path, "ch01.b", "y")
    assert json.loads(path.read_text()) == {"ch01.a": "x"}
    assert sorted(p.name for p in workdir.iterdir()) == [".ipynb_checkpoints", "answers.json"]
