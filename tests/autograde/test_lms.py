"""`coursekit grade --from-lms`: an LMS download (nbgrader zip_collect layout) grades like submitted/."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from canvas_zip import canvas_zip
from coursekit.autograde.run import GradeError, grade_cohort
from gradebook_reader import scores

pytestmark = pytest.mark.nbgrader


def test_canvas_zip_is_collected_and_graded(graded_cohort: Path, tmp_path: Path) -> None:
    """Are notebook and answers.json collected from Canvas-named files and graded as the originals were?"""
    course = tmp_path / "course"
    shutil.copytree(graded_cohort, course, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    students = sorted(p.name for p in (graded_cohort / "submitted").iterdir() if (p / "ch01").is_dir())[:3]
    canvas_zip(graded_cohort, "ch01", students, course / "downloaded" / "ch01" / "archive", late={students[1]})
    summary = grade_cohort(course_root=course, chapters=["ch01"], workers=2, from_lms=True, stream=io.StringIO())
    assert [(r.student, r.status) for r in summary.records] == [(s, "graded") for s in students]
    for student in students:
        assert (course / "submitted" / student / "ch01" / "answers.json").is_file()
    original = {k: v for k, v in scores(graded_cohort, "ch01").items() if k[0] in students}
    collected = {k: v for k, v in scores(course, "ch01").items() if k[0] in students}
    assert collected == original


def test_download_that_collects_nothing_is_an_error(graded_cohort: Path, tmp_path: Path) -> None:
    """Does a zip whose file names the LMS pattern does not match stop the run with a clear message?"""
    course = tmp_path / "course"
    shutil.copytree(graded_cohort, course, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    archive = course / "downloaded" / "ch01" / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as bundle:
        bundle.writestr("ch01.ipynb", "{}")
    with pytest.raises(GradeError, match="matched FileNameCollectorPlugin.named_regexp"):
        grade_cohort(course_root=course, chapters=["ch01"], from_lms=True, stream=io.StringIO())
