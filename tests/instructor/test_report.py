"""`coursekit report`: the LMS grades CSV matches the gradebook; the HTML report holds its plots and tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from cohort import CHAPTERS
from coursekit.cli import main
from coursekit.instructor.report import write_report

pytestmark = pytest.mark.nbgrader


def test_csv_matches_the_gradebook(graded_cohort: Path) -> None:
    """Is each CSV cell the gradebook's score minus its late penalty, and the total their sum?"""
    files = write_report(course_root=graded_cohort)
    rows = list(csv.DictReader(files.csv.open()))
    assert list(rows[0]) == ["student", *CHAPTERS, "total"]
    with Gradebook(f"sqlite:///{graded_cohort / 'gradebook.db'}") as gradebook:
        for row in rows:
            total = 0.0
            for chapter in CHAPTERS:
                try:
                    submission = gradebook.find_submission(chapter, row["student"])
                except Exception:
                    assert row[chapter] == ""
                    continue
                expected = submission.score - (submission.late_submission_penalty or 0)
                assert float(row[chapter]) == pytest.approx(expected, abs=0.005)
                total += expected
            assert float(row["total"]) == pytest.approx(total, abs=0.01)
    assert {row["student"] for row in rows} == {p.name for p in (graded_cohort / "submitted").iterdir()}


def test_html_report_has_plots_and_tables(graded_cohort: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the page embed its four plots and name every exercise, as one self-contained file?"""
    assert main(["report", "--course", str(graded_cohort)]) == 0
    assert "report.html" in capsys.readouterr().out
    text = (graded_cohort / "reports" / "report.html").read_text()
    assert text.count('src="data:image/png;base64,') == 4
    for alt in ("Score distribution per chapter", "Most missed items", "Late submissions per chapter"):
        assert f'alt="{alt}' in text
    assert "ch01.ml-workflows" in text and "ch05.cm-vs-ct" in text
    assert "http://" not in text and "https://" not in text  # nothing fetched when opened offline
