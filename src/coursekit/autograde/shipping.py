"""Folders as bytes, for grading on machines that share no filesystem with the instructor's.

A course's grading inputs (its nbgrader_config.py, source/ and release/) travel once to each worker; each
submission's folder travels with its task, and its autograded folder comes back. Archives are unpacked with
tarfile's "data" filter: a member that would land outside its folder, a link pointing out of it or a device file
is refused, so a hostile submission cannot write elsewhere on a worker, nor a worker on the instructor's machine.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coursekit.course import CONFIG_FILE, Course

__all__ = ["CourseInputs", "ShippingError", "course_inputs", "pack", "replace_folder", "unpack"]

_Filter = Callable[[tarfile.TarInfo], tarfile.TarInfo | None]  # a member kept (maybe changed), or None


class ShippingError(Exception):
    """An archive that cannot be unpacked safely (or at all)."""


@dataclass(frozen=True)
class CourseInputs:
    """The archive of what grading reads from the course, and its digest (which names its copy on a worker)."""

    data: bytes
    digest: str


def pack(folder: Path, *, name: str = ".") -> bytes:
    """`folder`'s files as a gzipped tar, stored under `name` (symbolic links stored as links, not followed)."""
    return _archive([(folder, name, _portable)])


def unpack(data: bytes, into: Path) -> None:
    """Unpack an archive made by `pack` into `into` (created when missing)."""
    into.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ShippingError(f"cannot unpack: {type(error).__name__}: {error}") from error


def course_inputs(course: Course) -> CourseInputs:
    """nbgrader_config.py, source/ and release/, packed once per run (gradebook and submissions stay home)."""
    members: list[tuple[Path, str, _Filter]] = [(course.root / CONFIG_FILE, CONFIG_FILE, _portable)]
    members += [(folder, folder.name, _without_caches) for folder in (course.source, course.release)]
    data = _archive(members)
    return CourseInputs(data, hashlib.sha256(data).hexdigest()[:16])


def replace_folder(data: bytes, folder: Path) -> None:
    """Put an archive's content at `folder`, replacing what was there only once it unpacked whole."""
    staging = folder.with_name(f".{folder.name}.incoming")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        unpack(data, staging)
    except ShippingError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def _archive(members: list[tuple[Path, str, _Filter]]) -> bytes:
    """Files and folders (path, name in the archive, filter) as one gzipped tar; fast compression, since it is
    made for one run and sent once."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as archive:
        for path, name, keep in members:
            archive.add(path, arcname=name, filter=keep)
    return buffer.getvalue()


def _portable(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owners differ between machines: files are unpacked as the worker's user."""
    member.uid = member.gid = 0
    member.uname = member.gname = ""
    return member


def _without_caches(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    parts = Path(member.name).parts
    if "__pycache__" in parts or ".ipynb_checkpoints" in parts:
        return None
    return _portable(member)
