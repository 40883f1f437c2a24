"""The `coursekit` command line: a thin layer over plain functions, one per command."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _exercises(args: argparse.Namespace) -> int:
    from coursekit.notebooks.listing import list_exercises

    print(json.dumps(list_exercises(args.notebook), indent=2, ensure_ascii=False))
    return 0


def _release(args: argparse.Namespace) -> int:
    from coursekit.instructor.release import ReleaseError, release

    if args.update:
        from coursekit.instructor.release_update import update_release

        if len(args.chapter) != 1:
            raise ReleaseError("--update takes exactly one chapter: coursekit release ch01 --update")
        result = update_release(
            course_root=Path(args.course),
            chapter=args.chapter[0],
            workers=args.workers,
            sandbox=not args.no_sandbox,
            stream=sys.stderr,
        )
        print(result.report())
        print(f"feedback pages are now stale: run `coursekit feedback --chapter {args.chapter[0]}`")
        return 1 if result.grading.problems else 0
    for notebook in release(course_root=Path(args.course), chapters=args.chapter):
        print(f"released {notebook}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from coursekit.instructor.check import check_course

    problems = check_course(Path(args.course), args.chapter, release_current=not args.skip_release)
    for problem in problems:
        print(problem.line())
    count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
    print(f"{count} found" if problems else "no problems found", file=sys.stderr)
    return 1 if problems else 0


def _simulate(args: argparse.Namespace) -> int:
    from coursekit.instructor.simulate import CohortSettings, simulate

    settings = CohortSettings(students=args.students, seed=args.seed, late_share=args.late_share)
    cohort = simulate(
        course_root=args.course, settings=settings, replace=args.replace, set_due_dates=args.set_due_dates
    )
    print(cohort.summary())
    return 0


def _collect(args: argparse.Namespace) -> int:
    from coursekit.instructor.collect import collect

    report = collect(course_root=Path(args.course), chapter=args.chapter, update=args.update, log=sys.stderr)
    print("\n".join(report.lines()))
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
    for line in files.ungraded:
        print(f"no feedback pages: {line}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from coursekit.instructor.report import write_report

    files = write_report(course_root=Path(args.course))
    print(f"grades CSV: {files.csv}\nreport:     {files.html}")
    for exercise in files.data.unreached:  # nobody scored full marks: a broken key, most often
        print(exercise.line())
    if args.canvas:
        from coursekit.instructor.report.canvas import write_canvas_grades

        canvas = write_canvas_grades(
            files.data, course_root=Path(args.course), roster_path=Path(args.canvas), match=args.canvas_match
        )
        print("\n".join(canvas.lines()))
    return 0


def _plan(args: argparse.Namespace) -> int:
    from coursekit.course import Course
    from coursekit.instructor.plan import render_table, stale_files, write_plan

    if args.write:
        for path in write_plan(course_root=Path(args.course)):
            print(f"wrote {path}")
        return 0
    if args.check:
        stale = stale_files(course_root=Path(args.course))
        print("\n".join(stale or ["the generated files are up to date"]))
        return 1 if stale else 0
    print(render_table(Course(Path(args.course).resolve())), end="")
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
    rel = command("release", _release, "check source/, then rebuild release/ from it with nbgrader")
    rel.add_argument("chapter", nargs="*", help="chapters to release (default: all)")
    rel.add_argument(
        "--update",
        action="store_true",
        help="for a chapter students have submitted whose cells changed: back up the gradebook, rebuild, regrade "
        "every submission, keep the due date and hand-given scores and comments",
    )
    rel.add_argument("--workers", type=int, default=None, help="with --update: parallel grading workers")
    rel.add_argument("--no-sandbox", action="store_true", help="with --update: grade without the sandbox")
    chk = command("check", _check, "find authoring mistakes in source/: keys, points, ids, a stale release")
    chk.add_argument("chapter", nargs="*", help="chapters to check (default: all)")
    chk.add_argument("--skip-release", action="store_true", help="do not rebuild releases to compare them")
    sim = command("simulate", _simulate, "write a synthetic cohort's submissions to submitted/")
    sim.add_argument("--students", type=int, default=30, help="cohort size (default: 30)")
    sim.add_argument("--seed", type=int, default=0, help="random seed: the same seed, the same cohort")
    sim.add_argument("--late-share", type=float, default=0.15, help="share of late submissions")
    sim.add_argument("--replace", action="store_true", help="overwrite a cohort simulated earlier (never real work)")
    sim.add_argument(
        "--set-due-dates",
        action="store_true",
        help="give chapters without a due date one, a week apart, the last yesterday (default: leave them alone)",
    )
    collect = command(
        "collect",
        _collect,
        "nbgrader collect refusing work submitted under another student's name, timed by the exchange's clock",
    )
    collect.add_argument("chapter", help="the chapter to collect from the exchange into submitted/")
    collect.add_argument("--update", action="store_true", help="replace copies collected earlier with newer ones")
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
    report = command("report", _report, "write reports/grades.csv for the LMS and reports/report.html with plots")
    report.add_argument(
        "--canvas",
        metavar="ROSTER.csv",
        help="also write reports/canvas-grades.csv for Canvas to import, for the students of this gradebook export "
        "(Grades > Export > Export Entire Gradebook)",
    )
    report.add_argument(
        "--canvas-match",
        choices=["sis-login", "sis-user", "id"],
        default="sis-login",
        help="with --canvas: the roster column holding nbgrader's student ids, case ignored (default: sis-login, "
        "the SIS Login ID)",
    )
    plan = command("plan", _plan, "print the chapter table; generate docs/chapters.md and the README's from source/")
    plan_mode = plan.add_mutually_exclusive_group()
    plan_mode.add_argument("--write", action="store_true", help="rewrite docs/chapters.md and the README's table")
    plan_mode.add_argument("--check", action="store_true", help="exit 1 naming each file that is out of date")
    demo = command("demo", _demo, "simulate, grade, give feedback and report on a synthetic cohort")
    demo.add_argument("--into", default="demo", help="folder for the demo course (default: demo)")
    demo.add_argument("--students", type=int, default=30, help="cohort size (default: 30)")
    demo.add_argument("--seed", type=int, default=0, help="random seed for the cohort")
    demo.add_argument("--workers", type=int, default=None, help="parallel grading workers (default: cores)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from coursekit.errors import CoursekitError, Stopped, raise_stopped
    from coursekit.nbgrader_run import nbgrader_env

    args = build_parser().parse_args(argv)
    # nbgrader starts `alembic` by name when it creates a gradebook, also in this process
    os.environ["PATH"] = nbgrader_env()["PATH"]
    signal.signal(signal.SIGTERM, raise_stopped)
    try:
        return int(args.run(args))
    except (CoursekitError, FileNotFoundError) as error:
        print(f"coursekit {args.command}: {error}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Stopped) as stop:  # what was finished is kept; run the command again for the rest
        how, number = ("Ctrl-C", signal.SIGINT) if isinstance(stop, KeyboardInterrupt) else ("SIGTERM", signal.SIGTERM)
        print(f"coursekit {args.command}: stopped ({how}); what was finished is kept.", file=sys.stderr)
        return 128 + number


if __name__ == "__main__":
    sys.exit(main())
