"""What the grading sandbox costs per notebook: the same cohort graded with and without it, side by side.

Goal: under 5% of a notebook's grading time. Run: .venv/bin/python benchmarks/sandbox_overhead.py [--students N]
Each mode grades a fresh copy of one simulated cohort (chapter ch01) with one worker, so the times compare
like for like; the modes alternate over several rounds to spread out noise from the machine.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the test suite's cohort builder; benchmarks are not a package

from cohort import make_course  # noqa: E402
from coursekit.autograde.run import grade_cohort  # noqa: E402


def seconds_per_notebook(base: Path, *, sandbox: bool) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        course = Path(scratch) / "course"
        shutil.copytree(base, course)
        start = time.perf_counter()
        summary = grade_cohort(course_root=course, chapters=["ch01"], workers=1, sandbox=sandbox, stream=io.StringIO())
        elapsed = time.perf_counter() - start
    assert not summary.problems, summary.table()
    return elapsed / len(summary.records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = make_course(Path(scratch) / "base", students=args.students)
        plain, boxed = [], []
        for _ in range(args.rounds):
            plain.append(seconds_per_notebook(base, sandbox=False))
            boxed.append(seconds_per_notebook(base, sandbox=True))
    without, with_ = statistics.median(plain), statistics.median(boxed)
    overhead = (with_ - without) / without
    print(f"per notebook, median of {args.rounds} rounds of {args.students} students (ch01, one worker):")
    print(f"  without sandbox {without:6.3f} s")
    print(f"  with sandbox    {with_:6.3f} s")
    verdict = "meets" if overhead < 0.05 else "MISSES"
    print(f"  overhead        {overhead:+6.1%}  (goal: under 5%) -> {verdict} the goal")


if __name__ == "__main__":
    main()
