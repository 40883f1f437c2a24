"""What a chapter's gradebook records hold that regrading cannot recreate: its due date and, per student, the
scores and comments graders gave by hand. Read before a chapter's records are rebuilt, saved as a backup,
and put back on the cells that still exist afterwards.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry

from coursekit.course import Course
from coursekit.instructor.gradebook_copy import copy_gradebook

__all__ = ["KeptGrades", "StudentGrades", "back_up", "read_kept", "restore_kept", "scores"]

BACKUPS = "gradebook-backups"


@dataclass
class StudentGrades:
    """One student's submission as the gradebook holds it: total score and what graders entered by hand."""

    score: float
    manual: dict[str, float] = field(default_factory=dict)  # grade id -> manual score
    extra_credit: dict[str, float] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)  # grade id -> grader's comment


@dataclass
class KeptGrades:
    chapter: str
    duedate: str | None  # ISO, UTC, as nbgrader stores it (naive)
    students: dict[str, StudentGrades] = field(default_factory=dict)


def read_kept(course: Course, chapter: str) -> KeptGrades:
    """The chapter's due date and each submission's score, hand-given scores and comments."""
    if not course.has_gradebook():
        return KeptGrades(chapter, None)
    with Gradebook(course.db_url) as gradebook:
        try:
            assignment = gradebook.find_assignment(chapter)
        except MissingEntry:
            return KeptGrades(chapter, None)
        kept = KeptGrades(chapter, assignment.duedate.isoformat() if assignment.duedate else None)
        for submission in assignment.submissions:
            grades = StudentGrades(float(submission.score))
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.manual_score is not None:
                        grades.manual[grade.name] = float(grade.manual_score)
                    if grade.extra_credit:
                        grades.extra_credit[grade.name] = float(grade.extra_credit)
                for comment in notebook.comments:
                    if comment.manual_comment:
                        grades.comments[comment.name] = comment.manual_comment
            kept.students[submission.student.id] = grades
    return kept


def back_up(course: Course, kept: KeptGrades) -> Path:
    """Save the kept records as JSON and the whole gradebook as an SQLite file (a copy of the file, or of a
    shared database's rows); return the backup folder, named by chapter and time so backups never overwrite
    each other."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    folder = course.root / BACKUPS / f"{kept.chapter}-{stamp}"
    folder.mkdir(parents=True)
    (folder / "kept-grades.json").write_text(json.dumps(asdict(kept), indent=1), encoding="utf-8")
    if course.sqlite_file is not None and course.sqlite_file.is_file():
        shutil.copy2(course.sqlite_file, folder / "gradebook.db")
    elif course.sqlite_file is None:  # a shared database (PostgreSQL): its rows, into an SQLite file
        copy_gradebook(course.db_url, f"sqlite:///{folder / 'gradebook.db'}")
    return folder


def restore_kept(course: Course, kept: KeptGrades) -> dict[str, list[str]]:
    """Put hand-given scores and comments back on cells that still exist; return, per student, the grade ids
    whose hand-given score or comment had no cell to go back to."""
    lost: dict[str, list[str]] = {}
    with Gradebook(course.db_url) as gradebook:
        for student, grades in kept.students.items():
            try:
                notebook = gradebook.find_submission_notebook(kept.chapter, kept.chapter, student)
            except MissingEntry:
                lost[student] = sorted({*grades.manual, *grades.comments})
                continue
            by_name: dict[str, Any] = {grade.name: grade for grade in notebook.grades}
            comments: dict[str, Any] = {comment.name: comment for comment in notebook.comments}
            missing = []
            for name, score in grades.manual.items():
                if name in by_name:
                    by_name[name].manual_score = score
                    by_name[name].needs_manual_grade = False
                else:
                    missing.append(name)
            for name, credit in grades.extra_credit.items():
                if name in by_name:
                    by_name[name].extra_credit = credit
            for name, text in grades.comments.items():
                if name in comments:
                    comments[name].manual_comment = text
                elif name not in missing:
                    missing.append(name)
            if missing:
                lost[student] = sorted(missing)
        gradebook.db.commit()
    return lost


def scores(course: Course, chapter: str) -> dict[str, float]:
    """Each submission's total score as the gradebook holds it now."""
    with Gradebook(course.db_url) as gradebook:
        try:
            assignment = gradebook.find_assignment(chapter)
        except MissingEntry:
            return {}
        return {submission.student.id: float(submission.score) for submission in assignment.submissions}
