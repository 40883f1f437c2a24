"""Build the student release from source/ with nbgrader, refusing when a source folder holds answers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from coursekit.answers import ANSWERS_FILE

__all__ = ["ReleaseError", "answer_files", "find_chapters", "release", "run_nbgrader"]


class ReleaseError(RuntimeError):
    """The release cannot be built; the message says why and what to do."""


def find_chapters(course_root: Path) -> list[str]:
    """Chapters are the folders of source/ holding a notebook named like the folder."""
    source = course_root / "source"
    return (
        sorted(folder.name for folder in source.iterdir() if (folder / f"{folder.name}.ipynb").is_file())
        if source.is_dir()
        else []
    )


def answer_files(course_root: Path) -> list[Path]:
    """answers.json files under source/: nbgrader would release them and overwrite every student's answers."""
    return sorted((course_root / "source").rglob(ANSWERS_FILE))


def run_nbgrader(
    course_root: Path, *args: str, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one nbgrader command in the course folder (so it reads the course's nbgrader_config.py)."""
    # nbgrader runs the `alembic` script for the gradebook: it must come from this environment
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def release(*, course_root: Path, chapters: Sequence[str] = ()) -> list[Path]:
    """Regenerate release/<chapter>/ for the given chapters (all when empty); return the notebooks."""
    course_root = course_root.resolve()
    known = find_chapters(course_root)
    if not known:
        raise ReleaseError(
            f"no chapters found: expected source/<chapter>/<chapter>.ipynb under {course_root}"
        )
    unknown = [chapter for chapter in chapters if chapter not in known]
    if unknown:
        raise ReleaseError(f"unknown chapter {unknown[0]!r}; chapters are {', '.join(known)}")
    leaks = answer_files(course_root)
    if leaks:
        listed = ", ".join(str(path.relative_to(course_root)) for path in leaks)
        raise ReleaseError(
            f"refusing to release: {listed} would be given to every student and, at autograde, overwrite "
            "each student's own answers. Delete it (answers belong to students, keys to hidden tests)."
        )
    built = []
    for chapter in chapters or known:
        result = run_nbgrader(course_root, "generate_assignment", chapter, "--force")
        if result.returncode != 0:
            raise ReleaseError(
                f"nbgrader generate_assignment {chapter} failed:\n{result.stdout}{result.stderr}"
            )
        built.append(course_root / "release" / chapter / f"{chapter}.ipynb")
    return built
