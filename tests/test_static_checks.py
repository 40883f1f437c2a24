"""The code's own checks, run as part of the suite: ruff (lint and format) and mypy (strict, tests included)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from repo import REPO

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "benchmarks"],
        ["ruff", "format", "--check", "src", "tests", "benchmarks"],
        ["mypy"],  # files and strictness from pyproject.toml
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_check_passes(command: list[str]) -> None:
    """Does the package, with its tests and benchmarks, pass the project's lint, format and type checks?"""
    result = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
