"""Folders shipped to and from cluster workers: what goes in, and archives that would write outside their folder."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from coursekit.autograde.shipping import ShippingError, course_inputs, pack, replace_folder, unpack
from coursekit.course import Course


def crafted(*members: tuple[tarfile.TarInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info, data in members:
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_folder_arrives_whole(tmp_path: Path) -> None:
    """Files, nested folders, bytes and an executable bit survive the round trip?"""
    source = tmp_path / "submitted"
    (source / "data").mkdir(parents=True)
    (source / "ch01.ipynb").write_text('{"cells": []}')
    (source / "data" / "table.bin").write_bytes(bytes(range(256)))
    (source / "run.sh").write_text("echo hi\n")
    (source / "run.sh").chmod(0o755)
    unpack(pack(source), tmp_path / "arrived")
    arrived = tmp_path / "arrived"
    assert sorted(str(p.relative_to(arrived)) for p in arrived.rglob("*")) == [
        "ch01.ipynb",
        "data",
        "data/table.bin",
        "run.sh",
    ]
    assert (arrived / "data" / "table.bin").read_bytes() == bytes(range(256))
    assert os.access(arrived / "run.sh", os.X_OK)


@pytest.mark.parametrize(
    "member",
    [
        ("../escaped.txt", tarfile.REGTYPE, ""),
        ("link", tarfile.SYMTYPE, "/etc/passwd"),
        ("link", tarfile.SYMTYPE, "../../outside"),
        ("device", tarfile.CHRTYPE, ""),
    ],
    ids=["parent", "absolute-link", "link-out", "device"],
)
def test_an_archive_reaching_outside_its_folder_is_refused(tmp_path: Path, member: tuple[str, bytes, str]) -> None:
    """A member outside the folder, a link out of it or a device file: ShippingError, nothing written outside?"""
    name, kind, target = member
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    data = crafted((tarfile.TarInfo("ch01.ipynb"), b"{}"), (info, b"" if kind != tarfile.REGTYPE else b"x"))
    into = tmp_path / "a" / "b" / "into"
    into.parent.mkdir(parents=True)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(ShippingError, match="cannot unpack: "):
        unpack(data, into)
    outside = [p for p in tmp_path.rglob("*") if p not in before and into not in p.parents and p != into]
    assert outside == []


def test_an_absolute_member_lands_inside_the_folder(tmp_path: Path) -> None:
    """A member named /etc/coursekit-test.txt is written below the folder, never at that path?"""
    info = tarfile.TarInfo("/etc/coursekit-test.txt")
    unpack(crafted((info, b"x")), tmp_path / "into")
    assert (tmp_path / "into" / "etc" / "coursekit-test.txt").read_bytes() == b"x"
    assert not Path("/etc/coursekit-test.txt").exists()


def test_a_broken_archive_keeps_the_folder_it_would_replace(tmp_path: Path) -> None:
    """A truncated graded folder from a worker: ShippingError, and the copy already there is left as it was?"""
    folder = tmp_path / "autograded" / "ada" / "ch01"
    folder.mkdir(parents=True)
    (folder / "ch01.ipynb").write_text("graded before")
    source = tmp_path / "new"
    source.mkdir()
    (source / "ch01.ipynb").write_text("graded now" * 1000)
    with pytest.raises(ShippingError):
        replace_folder(pack(source)[:200], folder)
    assert [p.name for p in folder.parent.iterdir()] == ["ch01"]
    assert (folder / "ch01.ipynb").read_text() == "graded before"
    replace_folder(pack(source), folder)
    assert (folder / "ch01.ipynb").read_text() == "graded now" * 1000


def test_course_inputs_hold_what_grading_reads_and_nothing_else(tiny_course: Path, tmp_path: Path) -> None:
    """The config, source/ and release/ travel; the gradebook, submissions and caches do not; the digest
    follows the content?"""
    course = Course.at(tiny_course)
    for folder in ("release/ps1", "submitted/ada/ps1", "source/ps1/__pycache__"):
        (tiny_course / folder).mkdir(parents=True, exist_ok=True)
    (tiny_course / "release" / "ps1" / "ps1.ipynb").write_text("{}")
    (tiny_course / "submitted" / "ada" / "ps1" / "ps1.ipynb").write_text("{}")
    (tiny_course / "source" / "ps1" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (tiny_course / "gradebook.db").write_bytes(b"SQLite")
    inputs = course_inputs(course)
    with tarfile.open(fileobj=io.BytesIO(inputs.data)) as archive:
        names = set(archive.getnames())
    assert "nbgrader_config.py" in names and "source/ps1/ps1.ipynb" in names and "release/ps1/ps1.ipynb" in names
    assert not [n for n in names if n.startswith("submitted") or "gradebook" in n or "__pycache__" in n]
    assert course_inputs(course).digest == inputs.digest
    (tiny_course / "release" / "ps1" / "ps1.ipynb").write_text('{"changed": 1}')
    assert course_inputs(course).digest != inputs.digest
