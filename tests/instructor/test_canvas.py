"""`coursekit report --canvas`: a file Canvas's gradebook imports as is, built from a roster in Canvas's own export
format (tests/data/canvas_roster.csv: a posting-policy row, the Points Possible row, quoted names with commas, two
sections joined, a note spanning lines, the Test Student last and an assignment `ch01 (123456)` Canvas has)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cohort import CHAPTERS
from coursekit.cli import main
from coursekit.instructor.report.canvas_roster import CanvasRosterError, read_roster
from repo import REPO

ROSTER = REPO / "tests" / "data" / "canvas_roster.csv"
HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ch01 (123456)", "ch05"]
STUDENTS = [  # the roster's student cells, to be copied as they are, with each row's nbgrader student
    (["Doe, Jane", "40101", "S1001", "student001", "MLOps 101 - Section A"], "student001"),
    (["Lee, Min-jun", "40102", "S1002", "Student002", "MLOps 101 - Section A and MLOps 101 - Section B"], "student002"),
    (["Müller, Jürgen", "40103", "S1003", "student003", "MLOps 101 - Section B"], "student003"),
    (["O'Brien, Siobhán", "40104", "S1004", "student004", "MLOps 101 - Section B"], "student004"),
    (["Okafor, Chidi", "40105", "S1005", "student005", "MLOps 101 - Section A"], "student005"),
]
ZOE = ["Zed, Zoe", "40106", "S1006", "zzed", "MLOps 101 - Section B"]  # no submission; 0 for ch01 given in Canvas
TEST_STUDENT = ["Student, Test", "40199", "", "3c9d0b5e4f1a7d2c8e6b0a9f3d5c7e1b2a4f6d8c", "MLOps 101 - Section A"]


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def grades_csv(course: Path) -> dict[str, dict[str, str]]:
    """reports/grades.csv: student to chapter to its cell, the scores the Canvas file must carry."""
    with (course / "reports" / "grades.csv").open(newline="", encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def report(course: Path, roster: Path, *options: str) -> int:
    return main(["report", "--course", str(course), "--canvas", str(roster), *options])


@pytest.mark.nbgrader
def test_canvas_file_reuses_canvas_ids_and_carries_the_grades_csv_scores(
    graded_cohort_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is the header the roster's student columns then one column per chapter (ch01 under its Canvas id, ch05 new),
    the Points Possible row each chapter's maximum, and each roster row its student cells as exported with the
    scores of reports/grades.csv; do the student without work and the Test Student get blanks, but for a grade
    Canvas already holds?"""
    assert report(graded_cohort_copy, ROSTER) == 0
    out = capsys.readouterr().out
    path = graded_cohort_copy / "reports" / "canvas-grades.csv"
    assert f"Canvas CSV: {path} (5 students scored" in out
    assert "grades these Canvas assignments: ch01 (123456)" in out
    assert "columns without a Canvas id (Canvas creates these assignments on import): ch05" in out
    assert "warning: ch01 (123456)" not in out  # Canvas's 19 points are the chapter's

    rows = read_rows(path)
    assert rows[0] == HEADER
    assert rows[1] == ["    Points Possible", "", "", "", "", "19", "23"]
    grades = grades_csv(graded_cohort_copy)
    assert sorted(grades) == [student for _, student in STUDENTS]  # every graded student has a roster row
    expected = [cells + [grades[student][chapter] for chapter in CHAPTERS] for cells, student in STUDENTS]
    assert rows[2:] == [*expected, ZOE + ["0.00", ""], TEST_STUDENT + ["", ""]]
    assert all(cell for row in expected for cell in row[5:])  # everyone submitted both chapters
    assert path.read_text(encoding="utf-8").splitlines()[2].startswith('"Doe, Jane",40101,')


@pytest.mark.nbgrader
def test_refuses_graded_students_missing_from_the_roster(
    graded_cohort_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without student004 and student005 in the roster, does report exit 2 naming both and what to do, and write
    no Canvas file?"""
    rows = [row for row in read_rows(ROSTER) if row[3] not in ("student004", "student005")]
    roster = write_roster(tmp_path / "roster.csv", rows)
    written = graded_cohort_copy / "reports" / "canvas-grades.csv"
    written.unlink(missing_ok=True)
    assert report(graded_cohort_copy, roster) == 2
    assert capsys.readouterr().err == (
        f"coursekit report: 2 graded students are not in the Canvas roster {roster} (matched on its 'SIS Login ID' "
        f"column, ignoring case): student004, student005. Add them to the Canvas course and export the gradebook "
        f"again, or, if that column does not hold nbgrader's student ids, match another with --canvas-match "
        f"sis-user or id; canvas-grades.csv was not written\n"
    )
    assert not written.exists()


@pytest.mark.nbgrader
def test_matches_on_the_column_chosen(
    graded_cohort_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With nbgrader's ids in SIS User ID and e-mail addresses as logins, does the default refuse every student and
    --canvas-match sis-user give each row its student's scores?"""
    rows = read_rows(ROSTER)
    for row in rows[3:]:
        if row[3].casefold().startswith("student0"):
            row[2], row[3] = row[3].upper(), f"{row[3]}@example.edu"
    roster = write_roster(tmp_path / "roster.csv", rows)
    assert report(graded_cohort_copy, roster) == 2
    assert "student001, student002, student003, student004, student005." in capsys.readouterr().err

    assert report(graded_cohort_copy, roster, "--canvas-match", "sis-user") == 0
    written = read_rows(graded_cohort_copy / "reports" / "canvas-grades.csv")
    grades = grades_csv(graded_cohort_copy)
    assert [row[5:] for row in written[2:7]] == [[grades[s][c] for c in CHAPTERS] for _, s in STUDENTS]


@pytest.mark.nbgrader
def test_warns_when_canvas_points_differ_from_the_chapter(
    graded_cohort_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a Canvas assignment worth other points than its chapter named, with what to set them to?"""
    rows = read_rows(ROSTER)
    rows[2][7] = "10.00"  # ch01 (123456) in the Points Possible row
    assert report(graded_cohort_copy, write_roster(tmp_path / "roster.csv", rows)) == 0
    assert (
        "warning: ch01 (123456) is worth 10 points in Canvas but ch01 has 19: set the assignment's points to 19 in "
        "Canvas before importing, so its scores are out of the chapter's total"
    ) in capsys.readouterr().out.splitlines()


def test_reads_canvas_export_rows_as_canvas_does() -> None:
    """Are the posting-policy and Points Possible rows told from students, the student columns kept up to Section,
    and only assignments with a Canvas id listed (not the notes or totals)?"""
    roster = read_roster(ROSTER)
    assert roster.identity == HEADER[:5]
    assert roster.students == [cells for cells, _ in STUDENTS] + [ZOE, TEST_STUDENT]
    assert roster.assignments == ["Welcome survey (123400)", "ch01 (123456)"]
    assert roster.points == {"Welcome survey (123400)": "5.00", "ch01 (123456)": "19.00"}


def test_refuses_what_is_not_a_canvas_export(tmp_path: Path) -> None:
    """Is a file without Canvas's student columns refused, saying how to export one; and an export without SIS
    columns (Canvas leaves them out for users who may not see SIS data) refused naming the match to use?"""
    grades = write_roster(tmp_path / "grades.csv", [["student", "ch01", "total"], ["student001", "7", "7"]])
    with pytest.raises(CanvasRosterError, match=r"not a Canvas gradebook export: .*Export Entire Gradebook"):
        read_roster(grades)
    no_sis = write_roster(tmp_path / "no-sis.csv", [["Student", "ID", "Section", "ch01 (1)"], ["Doe, Jane", "1", "A"]])
    with pytest.raises(CanvasRosterError, match=r"no 'SIS Login ID' column .* --canvas-match id$"):
        read_roster(no_sis).column("SIS Login ID")
