"""The test chapter ps1 graded for four students, whose feedback pages the feedback tests read.

- ace: every answer right, on time; the essay scored 3 of 4 by a grader, with a comment;
- blank: nothing answered, the essay left as released;
- late: every answer right, handed in 2 days 3 hours after the due date;
- mallory: markup and a script in every answer she could type, and a pick that is not one of the options;
- mixed: some parts right and some wrong in every kind, as most students hand in (the pictures in docs/).
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat

from coursekit.autograde.run import grade_cohort
from coursekit.course import Course, Submission
from coursekit.instructor.feedback import generate_feedback
from coursekit.instructor.release import release
from coursekit.instructor.simulate import write_submission
from gradebook_reader import open_gradebook
from tiny_course import TINY_RIGHT, write_tiny_course

DUE = datetime(2026, 3, 2, 17, 0, tzinfo=timezone.utc)
LATE_BY = timedelta(days=2, hours=3)
HOSTILE = '<script>alert("owned")</script><b>bold</b>'
ESSAY = "Resting lets the gluten relax, so the dough stretches.\n\nIt also rises."
COMMENT = "Right about gluten; say what the rise does for the crumb."
STUDENTS = {
    "ace": (TINY_RIGHT, ESSAY, DUE - timedelta(days=1)),
    "blank": ({}, None, DUE - timedelta(hours=1)),
    "late": (TINY_RIGHT, ESSAY, DUE + LATE_BY),
    "mallory": (
        {"ps1.term": HOSTILE, "ps1.pick": "Fry", "ps1.sort": {HOSTILE: ["Apple"], "Fruit": ["Pear"]}},
        HOSTILE,
        DUE - timedelta(days=1),
    ),
    "mixed": (
        {
            "ps1.sort": {"Fruit": ["Apple", "Leek"], "Vegetable": ["Carrot", "Pear"]},
            "ps1.pick": "Boil",
            "ps1.many": ["Salt", "Flour", "Stone"],
            "ps1.order": ["Weigh", "Bake", "Knead", "Slice"],
            "ps1.term": "levain",
        },
        ESSAY,
        DUE - timedelta(hours=5),
    ),
}


def graded_tiny_class(root: Path) -> Path:
    """ps1 released with a due date, the four students handed in, graded, ace's essay scored, feedback written."""
    write_tiny_course(root)
    release(course_root=root)
    course = Course.at(root)
    with open_gradebook(course) as gradebook:
        gradebook.update_or_create_assignment("ps1", duedate=DUE.replace(tzinfo=None))
    for student, (answers, essay, when) in STUDENTS.items():
        submission = Submission("ps1", student)
        write_submission(course, submission, answers, when, random.Random(0))
        path = course.submission_folder(submission) / "ps1.ipynb"
        notebook = nbformat.read(path, as_version=4)
        if essay is None:
            notebook = nbformat.read(course.release_notebook("ps1"), as_version=4)  # left as released
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "essay" and essay is not None:
                cell.source = essay
        nbformat.write(notebook, path)
    summary = grade_cohort(course_root=root, sandbox=False, stream=io.StringIO())
    assert {record.status for record in summary.records} == {"graded"}, summary.table()
    with open_gradebook(course) as gradebook:
        gradebook.find_grade("essay", "ps1", "ps1", "ace").manual_score = 3
        gradebook.find_comment("essay", "ps1", "ps1", "ace").manual_comment = COMMENT
        gradebook.db.commit()
    generate_feedback(course_root=root)
    return root
