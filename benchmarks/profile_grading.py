"""Where a grading worker's time goes: a pyinstrument profile of one worker grading a cohort, by phase.

Run: .venv/bin/python benchmarks/profile_grading.py [--students 6] [--no-sandbox] [--html FILE]

The worker is `coursekit grade`'s own (`coursekit.autograde.worker.serve`, the sandbox on unless --no-sandbox),
run in this process so that pyinstrument sees it; the kernels are separate processes, so their work shows as the
worker waiting for them. The phases are nbgrader's and nbclient's steps, found by name in the profile.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grade_cohort import build_cohort  # benchmarks/ is this script's folder
from pyinstrument import Profiler

from coursekit.autograde import worker
from coursekit.autograde.gradebook import prepare_gradebook


def _setup_kernel(frame: Any, step: str) -> bool:
    return bool(frame.function == step and any(child.function == "setup_kernel" for child in frame.children))


PHASES: list[tuple[str, Callable[[Any], bool]]] = [
    ("starting the kernel, until it answers", lambda f: _setup_kernel(f, "__enter__")),
    ("running the notebook's cells", lambda f: f.function == "preprocess_cell" and f.class_name == "Execute"),
    ("stopping the kernel", lambda f: _setup_kernel(f, "__exit__")),
    ("nbgrader: student, submission, copies", lambda f: f.function == "init_assignment"),
    ("nbgrader: scores into the gradebook", lambda f: f.class_name == "SaveAutoGrades" and f.function == "preprocess"),
    ("nbgrader: late penalty", lambda f: f.class_name == "AssignLatePenalties" and f.function == "preprocess"),
    ("nbgrader: release cells restored", lambda f: f.class_name == "OverwriteCells" and f.function == "preprocess"),
    (
        "nbgrader: cell metadata checked",
        lambda f: "CheckCellMetadata" in (f.class_name or "") and f.function == "preprocess",
    ),
]


def phase_seconds(frame: Any, totals: dict[str, float]) -> None:
    """Add each frame's time to the first phase it matches; look inside only the frames no phase takes."""
    for name, matches in PHASES:
        if matches(frame):
            totals[name] = totals.get(name, 0.0) + frame.time
            return
    for child in frame.children:
        phase_seconds(child, totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--no-sandbox", action="store_true")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's page here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-grading-") as scratch:
        course = build_cohort(Path(scratch) / "course", args.students, seed=0)
        submissions = course.submissions()
        prepare_gradebook(course, submissions, course.chapters(), named=())
        requests = "".join(json.dumps({"chapter": s.chapter, "student": s.student}) + "\n" for s in submissions)
        replies = io.StringIO()
        profiler = Profiler(interval=0.002)
        profiler.start()
        worker.serve(
            str(course.root), io.StringIO(requests), replies, sandbox=not args.no_sandbox, kernels=Path(scratch) / "k"
        )
        profiler.stop()
    graded = replies.getvalue().count('"ok": true')
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    totals: dict[str, float] = {}
    phase_seconds(root, totals)
    n = len(submissions)
    print(
        f"one worker, {n} notebooks ({graded} graded), sandbox {'off' if args.no_sandbox else 'on'}: "
        f"{session.duration:.1f} s, {session.duration / n:.3f} s per notebook; worker CPU {session.cpu_time:.1f} s"
    )
    print(f"{'phase':42} {'s per notebook':>14} {'share':>6}")
    for name, _ in PHASES:
        seconds = totals.get(name, 0.0)
        print(f"{name:42} {seconds / n:14.3f} {seconds / session.duration:6.0%}")
    rest = session.duration - sum(totals.values())
    print(f"{'everything else (nbconvert, writing, start-up)':42} {rest / n:14.3f} {rest / session.duration:6.0%}")
    if args.html:
        args.html.write_text(profiler.output_html())


if __name__ == "__main__":
    main()
