"""The zip an instructor downloads from Canvas: every student's files of a chapter, renamed as Canvas names them."""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Sequence
from pathlib import Path

__all__ = ["canvas_zip"]


def canvas_zip(
    course: Path,
    chapter: str,
    students: Sequence[str],
    folder: Path,
    *,
    late: Collection[str] = (),
    resubmitted: str = "",
) -> Path:
    """`folder`/submissions.zip of the students' collected `chapter` (notebook and answers.json, read from the
    course's submitted/) named `<login>_[late_]<user id>_<submission id>_<file>`, as Canvas does; the `resubmitted`
    student's files carry Canvas's `-1` suffix (ch01-1.ipynb)."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / "submissions.zip", "w") as bundle:
        for number, student in enumerate(students, start=1):
            for file in (f"{chapter}.ipynb", "answers.json"):
                stem, suffix = file.split(".")
                named = f"{stem}-1.{suffix}" if student == resubmitted else file
                flag = "late_" if student in late else ""
                source = course / "submitted" / student / chapter / file
                bundle.write(source, f"{student}_{flag}{1000 + number}_{5000 + number}_{named}")
    return folder / "submissions.zip"
