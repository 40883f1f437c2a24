"""The `coursekit` command line: a thin layer over plain functions, one per command."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["main"]


def _exercises(args: argparse.Namespace) -> int:
    from coursekit.notebooks.listing import list_exercises

    print(json.dumps(list_exercises(args.notebook), indent=2, ensure_ascii=False))
    return 0


def _release(args: argparse.Namespace) -> int:
    from coursekit.instructor.release import release

    for notebook in release(course_root=Path(args.course), chapters=args.chapter):
        print(f"released {notebook}")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from coursekit.instructor.simulate import CohortSettings, simulate

    settings = CohortSettings(students=args.students, seed=args.seed, late_share=args.late_share)
    written = simulate(course_root=args.course, settings=settings, replace=args.replace)
    students = len({submission.student for submission in written})
    print(f"wrote {len(written)} submissions from {students} students to {Path(args.course) / 'submitted'}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from coursekit.autograde.run import grade_cohort

    summary = grade_cohort(
        course_root=Path(args.course),
        chapters=args.chapter,
        workers=args.workers,
        timeout=args.timeout,
        force=args.force,
        from_lms=args.from_lms,
        sandbox=not args.no_sandbox,
    )
    print(summary.table())
    return 1 if summary.problems else 0


def _feedback(args: argparse.Namespace) -> int:
    from coursekit.instructor.feedback import generate_feedback

    files = generate_feedback(course_root=Path(args.course), chapters=args.chapter, hide_answers=args.hide_answers)
    folder = Path(args.course) / "feedback"
    print(f"wrote {len(files.pages)} feedback pages and {len(files.indexes)} student indexes under {folder}")
    print(f"each student's chapters, score and what to review: {folder}/<student>/index.html")
    return 0


def _report(args: argparse.Namespace) -> int:
    from coursekit.instructor.report import write_report

    files = write_report(course_root=Path(args.course))
    print(f"grades CSV: {files.csv}\nreport:     {files.html}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from coursekit.instructor.demo import run_demo, summary
    from coursekit.instructor.simulate import CohortSettings

    settings = CohortSettings(students=args.students, seed=args.seed)
    result = run_demo(course_root=Path(args.course), folder=Path(args.into), settings=settings, workers=args.workers)
    print(summary(result))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description="Interactive exercises graded with nbgrader.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Any, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        if name != "exercises":
            sub.add_argument("--course", default=".", help="course folder (default: the current one)")
        return sub

    command("exercises", _exercises, "list a notebook's exercises as JSON (never keys)").add_argument(
        "notebook", help="a source or release notebook"
    )
    command("release", _release, "regenerate release/ from source/ with nbgrader").add_argument(
        "chapter", nargs="*", help="chapters to release (default: all)"
    )
    sim = command("simulate", _simulate, "write a synthetic cohort's submissions to submitted/")
    sim.add_argument("--students", type=int, default=30, help="cohort size (default: 30)")
    sim.add_argument("--seed", type=int, default=0, help="random seed: the same seed, the same cohort")
    sim.add_argument("--late-share", type=float, default=0.15, help="share of late submissions")
    sim.add_argument("--replace", action="store_true", help="overwrite submissions already in submitted/")
    grade = command("grade", _grade, "autograde submitted/ with nbgrader, in parallel, new or changed only")
    grade.add_argument("--chapter", action="append", default=[], help="only this chapter (repeatable)")
    grade.add_argument("--workers", type=int, default=None, help="parallel workers (default: cores)")
    grade.add_argument("--timeout", type=float, default=300.0, help="seconds per submission (default: 300)")
    grade.add_argument("--force", action="store_true", help="grade again even what has not changed")
    grade.add_argument("--no-sandbox", action="store_true", help="run student code unsandboxed (trusted only)")
    grade.add_argument("--from-lms", action="store_true", help="first collect downloaded/<chapter>/archive/ zips")
    feedback = command("feedback", _feedback, "write per-student feedback pages (no hidden tests, ever)")
    feedback.add_argument("--chapter", action="append", default=[], help="only this chapter (repeatable)")
    feedback.add_argument("--hide-answers", action="store_true", help="leave out expected answers and why")
    command("report", _report, "write reports/grades.csv for the LMS and reports/report.html with plots")
    demo = command("demo", _demo, "simulate, grade, give feedback and report on a synthetic cohort")
    demo.add_argument("--into", default="demo", help="folder for the demo course (default: demo)")
    demo.add_argument("--students", type=int, default=30, help="cohort size (default: 30)")
    demo.add_argument("--seed", type=int, default=0, help="random seed for the cohort")
    demo.add_argument("--workers", type=int, default=None, help="parallel grading workers (default: cores)")
    return parser


def _stop(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C, so worker processes are stopped too


def main(argv: Sequence[str] | None = None) -> int:
    from coursekit.errors import CoursekitError

    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    try:
        return int(args.run(args))
    except (CoursekitError, FileNotFoundError) as error:
        print(f"coursekit {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
