"""LMS downloads: zips of submissions unpacked into submitted/ by nbgrader's zip_collect."""

from __future__ import annotations

import re

from coursekit.autograde.gradebook import GradeError
from coursekit.course import Course
from coursekit.nbgrader_run import run_nbgrader

__all__ = ["collect_lms"]


def collect_lms(course: Course, chapters: list[str]) -> None:
    """Unpack LMS downloads (downloaded/<chapter>/archive/*.zip) into submitted/ with nbgrader zip_collect."""
    for chapter in chapters:
        archive = course.root / "downloaded" / chapter / "archive"
        if not archive.is_dir():
            continue
        result = run_nbgrader(course.root, "zip_collect", chapter, "--force")
        log = result.stdout + result.stderr
        if result.returncode != 0:
            raise GradeError(f"nbgrader zip_collect {chapter} failed:\n{log}")
        if re.search(r"\b0 files collected", log):
            raise GradeError(
                f"no file in {archive} matched FileNameCollectorPlugin.named_regexp in nbgrader_config.py; "
                "check how your LMS names the files"
            )
