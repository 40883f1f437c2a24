"""A small simulated course for pipeline tests: two chapters, a seeded cohort, released by nbgrader."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO
from coursekit.release import release
from coursekit.simulate import CohortSettings, simulate

CHAPTERS = ["ch01", "ch05"]


def make_course(folder: Path, *, students: int = 5, seed: int = 7) -> Path:
    """Config and two chapters copied from the project, released, with a simulated cohort submitted."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", folder)
    for chapter in CHAPTERS:
        shutil.copytree(REPO / "source" / chapter, folder / "source" / chapter)
    release(course_root=folder)
    simulate(course_root=folder, settings=CohortSettings(students=students, seed=seed, late_share=0.3))
    return folder


def copy_course(course: Path, folder: Path) -> Path:
    """An identical copy (gradebook included), to grade the same cohort two ways."""
    shutil.copytree(course, folder)
    return folder
