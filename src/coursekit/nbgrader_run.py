"""Run nbgrader's command line in a course folder, from this environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["nbgrader_env", "run_nbgrader", "scripts_on_path"]


def nbgrader_env() -> dict[str, str]:
    """The environment for nbgrader: this interpreter's scripts first (nbgrader runs `alembic` by name)."""
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}


@contextmanager
def scripts_on_path() -> Iterator[None]:
    """This interpreter's scripts on PATH while nbgrader runs in this process: it starts `alembic` by name when
    it creates a gradebook. PATH is put back afterwards."""
    before = os.environ.get("PATH")
    os.environ["PATH"] = nbgrader_env()["PATH"]
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = before


def run_nbgrader(course_root: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Run one nbgrader command in the course folder (so it reads the course's nbgrader_config.py)."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course_root,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
