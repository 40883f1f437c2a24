"""The report page and its plots from hand-made numbers: escaped text, the caller's matplotlib untouched."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from coursekit.instructor.report.data import ChapterResult, CohortData, ExerciseStats
from coursekit.instructor.report.page import chapter_rows, exercise_rows, render_html, with_code
from coursekit.instructor.report.unreached import Unreached

HOSTILE = "<script>alert('x')</script>"


def cohort() -> CohortData:
    """Three students in one chapter of two exercises; one reason and one missed item carry markup."""
    results = {
        f"s{n}": {"ch01": ChapterResult(score, 4.0, penalty, late, 0)}
        for n, (score, penalty, late) in enumerate([(4.0, 0.0, 0.0), (2.0, 0.2, 3600.0), (1.0, 0.0, 0.0)])
    }
    first = ExerciseStats("ch01", "ch01.a", "Sort it", "buckets", 3.0, {"s0": 1.0, "s1": 0.5, "s2": 0.0})
    first.misses = Counter({HOSTILE: 2, "Deploy": 1})
    second = ExerciseStats("ch01", "ch01.b", "Pick", "single_choice", 1.0, {"s0": 1.0, "s1": 1.0, "s2": 1.0})
    review = [("ch01/s2", "failed", f"the kernel died {HOSTILE}")]
    return CohortData(["ch01"], {"ch01": 4.0}, results, [first, second], review)


def test_tables_hold_the_numbers() -> None:
    """Are mean, median, late count and review count per chapter, and difficulty per exercise, as computed by hand?"""
    data = cohort()
    # final scores 4.0, 1.8, 1.0 of 4 -> 100%, 45%, 25%: mean 56.7%, median 45%
    assert chapter_rows(data) == [["ch01", "4", "3", "57%", "45%", "1", "1", "0"]]
    rows = {row[0]: row for row in exercise_rows(data)}
    assert rows["ch01.a"][4] == "0.50" and rows["ch01.b"][4] == "1.00"
    assert rows["ch01.b"][5] == "-"  # everyone scored alike: no correlation to show


def test_every_text_is_escaped() -> None:
    """Do a reason or a missed item holding markup reach the page as text, never as a tag?"""
    page = render_html(cohort())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert page.count('src="data:image/png;base64,') == 4


def test_drawing_leaves_the_callers_matplotlib_alone() -> None:
    """Does rendering the report keep the backend the caller chose and open no pyplot figure?"""
    code = (
        "import json, matplotlib\n"
        "matplotlib.use('svg')\n"
        "import matplotlib.pyplot as plt\n"
        "from test_report_page import cohort\n"
        "from coursekit.instructor.report.page import render_html\n"
        "render_html(cohort())\n"
        "print(json.dumps([matplotlib.get_backend(), plt.get_fignums()]))\n"
    )
    here = Path(__file__).parent  # `python -c` imports from its working folder: this test module
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=here, check=True)
    assert json.loads(result.stdout) == ["svg", []]


def test_no_warning_when_someone_scored_full_marks_everywhere() -> None:
    """With no exercise flagged, does the page hold no warning at all?"""
    assert 'class="warning"' not in render_html(cohort())


def test_warning_names_each_flagged_exercise_above_the_tables() -> None:
    """Does the warning come before the first table and give each exercise's chapter, id, title, points, best
    score, students and what to do, with commands as code and a hostile title as text?"""
    data = cohort()
    data.unreached = [
        Unreached("ch01", "ch01.a", HOSTILE, False, 3.0, 1.5, 3),
        Unreached("ch01", "ch01.essay", "Explain it", True, 4.0, 3.0, 1),
    ]
    page = render_html(data)
    warning = page[page.index('<section class="warning"') : page.index("</section>")]
    assert page.index("</section>") < page.index("<table>")
    assert "Nobody scored full marks on 2 exercises" in warning
    assert (
        "ch01.a (&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;) in ch01: nobody scored full marks; 3 students "
        "submitted, the best scored 1.5 of 3 points." in warning
    )
    assert "Check the key with <code>coursekit check ch01</code>, fix it in source/, then run " in warning
    assert "<code>coursekit grade --chapter ch01 --force</code>" in warning
    assert (
        "ch01.essay (Explain it) in ch01: nobody scored full marks; 1 student submitted, the best scored 3 of 4"
        in warning
    )
    assert "Check its rubric and model answer in source/ch01/ and the scores given in formgrader" in warning
    assert "<script>" not in page


def test_commands_become_code_and_everything_else_text() -> None:
    """Are backticked commands set as code, and markup anywhere shown as text?"""
    assert with_code("run `a <b>` then <i>") == "run <code>a &lt;b&gt;</code> then &lt;i&gt;"
