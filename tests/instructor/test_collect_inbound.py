"""Screening the inbound exchange with real Unix users: who owns a submission, and when it last changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coursekit.instructor.collect_inbound import TOLERANCE, InboundSubmission, newest_per_student, screen_inbound
from exchange_class import Student, unix_students

NOW = "%Y-%m-%d %H:%M:%S.%f UTC"
BACKDATED = "2020-01-01 09:00:00.000000 UTC"


@pytest.fixture(scope="module")
def users() -> Iterator[dict[str, Student]]:
    with unix_students(["alice", "bob"]) as students:
        yield students


def submission(inbound: Path, named: str, owner: Student | None, *, stated: str | None = NOW, tag: str = "a") -> Path:
    """A folder as `nbgrader submit` leaves it, in the name of `named`, owned by `owner` (None: root)."""
    folder = inbound / f"{named}+ch01+2026-05-04 10:00:00.000000 UTC+{tag}"
    folder.mkdir(parents=True)
    (folder / "ch01.ipynb").write_text("{}", encoding="utf-8")
    if stated is not None:
        (folder / "timestamp.txt").write_text(datetime.now(timezone.utc).strftime(stated), encoding="utf-8")
    if owner is not None:
        for path in [folder, *folder.iterdir()]:
            os.chown(path, owner.uid, owner.gid)
    return folder


def screened(inbound: Path) -> dict[str, InboundSubmission]:
    return {item.folder.name.rsplit("+", 1)[1]: item for item in screen_inbound(inbound, "ch01")}


def test_a_submission_in_another_students_name_is_refused(users: dict[str, Student], tmp_path: Path) -> None:
    """Is bob's folder named for alice refused, naming bob; and is alice's own accepted, owned by her alone?"""
    alice, bob = users["alice"], users["bob"]
    submission(tmp_path, alice.name, bob, tag="forged")
    submission(tmp_path, alice.name, alice, tag="own")
    found = screened(tmp_path)
    assert found["forged"].refusal == f"its files belong to {bob.name}, not {alice.name}"
    assert found["forged"].owners == (bob.name,)
    assert (found["own"].refusal, found["own"].owners) == ("", (alice.name,))


def test_a_file_slipped_into_a_students_folder_is_refused(users: dict[str, Student], tmp_path: Path) -> None:
    """Does one file of bob's inside alice's folder (it is 0777) refuse the whole submission?"""
    alice, bob = users["alice"], users["bob"]
    folder = submission(tmp_path, alice.name, alice)
    os.chown(folder / "ch01.ipynb", bob.uid, bob.gid)
    (item,) = screen_inbound(tmp_path, "ch01")
    assert item.refusal == f"its files belong to {bob.name}, not {alice.name}"
    assert item.owners == tuple(sorted([alice.name, bob.name]))


def test_a_student_id_with_no_unix_user_is_refused_unless_the_instructor_handed_it_in(
    users: dict[str, Student], tmp_path: Path
) -> None:
    """Is work named for a user who does not exist refused when a student made it, accepted when root did?"""
    submission(tmp_path, "nobody-such", users["bob"], tag="student")
    submission(tmp_path, "nobody-such", None, tag="instructor")
    found = screened(tmp_path)
    assert found["student"].refusal == f"no Unix user is called nobody-such: its files belong to {users['bob'].name}"
    assert found["instructor"].refusal == ""


def test_a_symbolic_link_is_refused(users: dict[str, Student], tmp_path: Path) -> None:
    """Is a link (which a collect run as root would follow into someone else's files) refused?"""
    alice = users["alice"]
    folder = submission(tmp_path, alice.name, alice)
    link = folder / "answers.json"
    link.symlink_to("/home/someone/ch01/answers.json")
    os.lchown(link, alice.uid, alice.gid)
    (item,) = screen_inbound(tmp_path, "ch01")
    assert item.refusal.startswith("it holds answers.json, a symbolic link to /home/someone/ch01/answers.json: ")


def test_the_time_is_the_students_only_when_the_exchange_agrees(users: dict[str, Student], tmp_path: Path) -> None:
    """Is an honest timestamp kept, and a backdated or missing one (mtimes backdated too) replaced and flagged?"""
    alice = users["alice"]
    before = datetime.now(timezone.utc)
    submission(tmp_path, alice.name, alice, tag="honest")
    backdated = submission(tmp_path, alice.name, alice, stated=BACKDATED, tag="backdated")
    for path in [*backdated.iterdir(), backdated]:
        os.utime(path, (0, 0), follow_symlinks=False)  # what `touch -d` can do; ctime moves on regardless
    submission(tmp_path, alice.name, alice, stated=None, tag="missing")
    after = datetime.now(timezone.utc)
    found = screened(tmp_path)
    for item in found.values():
        assert before - timedelta(seconds=1) <= item.changed <= after + timedelta(seconds=1)
    honest = found["honest"]
    assert not honest.flagged and honest.submitted == honest.stated and abs(honest.stated - honest.changed) < TOLERANCE
    assert found["backdated"].stated == datetime(2020, 1, 1, 9, tzinfo=timezone.utc)
    for tag in ("backdated", "missing"):
        assert found[tag].flagged and found[tag].submitted == found[tag].changed


def test_each_students_newest_accepted_submission_is_chosen(users: dict[str, Student], tmp_path: Path) -> None:
    """Is the newest by recorded time chosen per student, a refused newer one passed over?"""
    alice, bob = users["alice"], users["bob"]
    submission(tmp_path, alice.name, alice, tag="first")
    submission(tmp_path, alice.name, alice, stated=BACKDATED, tag="second")  # newest, whatever it claims
    submission(tmp_path, bob.name, bob, tag="bobs")
    submission(tmp_path, bob.name, alice, tag="zforged")  # newest of bob's by name and time, but alice's
    chosen = {
        item.student: item.folder.name.rsplit("+", 1)[1]
        for item in newest_per_student(screen_inbound(tmp_path, "ch01"))
    }
    assert chosen == {alice.name: "second", bob.name: "bobs"}
