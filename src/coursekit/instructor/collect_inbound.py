"""Screen the submissions waiting in nbgrader's inbound exchange: who really handed each in, and when.

A submission is a folder `inbound/<student>+<chapter>+<time>+<random>`. Its name and its `timestamp.txt` are the
submitting student's word: `nbgrader submit --student=<other>` names someone else, and
`--Exchange.timestamp_format` (or editing the file afterwards) backdates it. What the student cannot forge is
Unix's: who owns the folder and each file in it, and when each last changed status (st_ctime; `touch` sets
mtime, never ctime, and every write or chmod moves ctime to the present).

So a submission is refused when anything in it belongs to another user than the student it names (a student id
with no Unix user is refused likewise), or when it holds anything but plain files and folders (a symbolic link
would make a collect run as root copy whatever it points to, another student's answers, say). Files owned by
the instructor running the collect, or by root, are accepted under any name: they could write submitted/
directly anyway. The time recorded for a submission is its own `timestamp.txt` when that agrees with the last
change within TOLERANCE, so honest students keep the time their nbgrader showed them (and the name of their
fetched feedback folder); otherwise it is the last change, and the submission is flagged.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from nbgrader.utils import parse_utc

__all__ = ["TIMESTAMP_FILE", "TOLERANCE", "InboundSubmission", "newest_per_student", "screen_inbound", "user_name"]

TOLERANCE = timedelta(minutes=1)
TIMESTAMP_FILE = "timestamp.txt"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class InboundSubmission:
    """One submission folder as the exchange shows it; times are UTC."""

    folder: Path
    student: str  # whom the folder's name says it is from
    owners: tuple[str, ...]  # the users owning the folder and everything in it
    refusal: str  # why it must not be collected; empty when it may be
    changed: datetime  # the last status change of the folder or anything in it: the student cannot set it
    stated: datetime | None  # what its timestamp.txt says; None when missing or not a time

    @property
    def flagged(self) -> bool:
        """Does its own timestamp.txt disagree with the exchange's clock (or is it missing)?"""
        return self.stated is None or abs(self.stated - self.changed) > TOLERANCE

    @property
    def submitted(self) -> datetime:
        """The time to record: its own when the exchange corroborates it, else the exchange's."""
        return self.changed if self.stated is None or self.flagged else self.stated


def user_name(uid: int) -> str:
    """The Unix user name of a uid, or `uid <n>` for one with no user (deleted since, say)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def screen_inbound(
    inbound: Path, chapter: str, *, student: str = "*", trusted: Collection[int] = ()
) -> list[InboundSubmission]:
    """Every submission of `chapter` (by `student`, or everyone) in the inbound folder, sorted by folder name.

    `trusted` are the uids whose files are accepted under any student's name (the instructor's)."""
    trusted_uids = {0, *trusted}
    return [_screen(folder, trusted_uids) for folder in sorted(inbound.glob(f"{student}+{chapter}+*"))]


def newest_per_student(submissions: list[InboundSubmission]) -> list[InboundSubmission]:
    """Each student's newest submission that is not refused, newest by the time recorded for it."""
    newest: dict[str, InboundSubmission] = {}
    for submission in submissions:
        if submission.refusal:
            continue
        known = newest.get(submission.student)
        if known is None or (submission.submitted, submission.folder.name) > (known.submitted, known.folder.name):
            newest[submission.student] = submission
    return [newest[student] for student in sorted(newest)]


def _screen(folder: Path, trusted: set[int]) -> InboundSubmission:
    student = folder.name.rsplit("+", 3)[0]
    uids: set[int] = set()
    changed_ns = 0
    oddities: list[str] = []
    unreadable: list[str] = []

    def look(path: Path) -> None:
        nonlocal changed_ns
        status = path.lstat()
        uids.add(status.st_uid)
        changed_ns = max(changed_ns, status.st_ctime_ns)
        if path.is_symlink():
            oddities.append(f"it holds {path.relative_to(folder)}, a symbolic link to {os.readlink(path)}")
        elif not (path.is_dir() or path.is_file()):
            oddities.append(f"it holds {path.relative_to(folder)}, neither a file nor a folder")

    look(folder)
    if not folder.is_dir() or folder.is_symlink():
        oddities.insert(0, "it is not a folder")
    for parent, folders, files in os.walk(folder, onerror=lambda error: unreadable.append(str(error))):
        for name in [*folders, *files]:
            look(Path(parent) / name)
    owners = tuple(sorted(user_name(uid) for uid in uids))
    return InboundSubmission(
        folder=folder,
        student=student,
        owners=owners,
        refusal=_refusal(student, uids, trusted, oddities, unreadable),
        changed=_EPOCH + timedelta(microseconds=changed_ns // 1000),
        stated=_stated_time(folder / TIMESTAMP_FILE),
    )


def _refusal(student: str, uids: set[int], trusted: set[int], oddities: list[str], unreadable: list[str]) -> str:
    if unreadable:
        return f"it could not be read ({unreadable[0]})"
    if oddities:
        return f"{oddities[0]}: only folders of plain files and folders are collected"
    if uids <= trusted:
        return ""  # handed in by the instructor
    try:
        own = pwd.getpwnam(student).pw_uid
    except KeyError:
        others = ", ".join(sorted(user_name(uid) for uid in uids - trusted))
        return f"no Unix user is called {student}: its files belong to {others}"
    foreign = uids - trusted - {own}
    if foreign:
        return f"its files belong to {', '.join(sorted(user_name(uid) for uid in foreign))}, not {student}"
    return ""


def _stated_time(path: Path) -> datetime | None:
    """timestamp.txt read as nbgrader reads it (parse_utc); None when missing, unreadable or not a time."""
    try:
        text = path.read_text(encoding="utf-8").strip()
        return parse_utc(text).replace(tzinfo=timezone.utc) if text else None
    except (OSError, UnicodeDecodeError, ValueError, OverflowError):
        return None
