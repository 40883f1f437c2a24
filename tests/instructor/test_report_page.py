"""The report page and its plots from hand-made numbers: escaped text, the caller's matplotlib untouched."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from coursekit.instructor.report.data import ChapterResult, CohortData, ExerciseStats
from coursekit.instructor.report.page import chapter_rows, exercise_rows, render_html

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
