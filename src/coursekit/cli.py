"""The `coursekit` command line: a thin layer over plain functions, one per command."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _exercises(args: argparse.Namespace) -> int:
    from coursekit.notebooks.listing import list_exercises

    print(json.dumps(list_exercises(args.notebook), indent=2, ensure_ascii=False))
    return 0


def _release(args: argparse.Namespace) -> int:
    from coursekit.instructor.release import ReleaseError, release

    regrading = "--cluster" if args.cluster else "--workers" if args.workers is not None else ""
    if regrading and not args.update:
        raise ReleaseError(
            f"{regrading}: only with --update, which regrades (coursekit release ch01 --update {regrading} ...). "
            "Nothing was released."
        )
    if args.update:
        from coursekit.instructor.release_update import update_release

        if len(args.chapter) != 1:
            raise ReleaseError("--update takes exactly one chapter: coursekit release ch01 --update")
        result = update_release(
            course_root=Path(args.course),
            chapter=args.chapter[0],
            workers=args.workers,
            sandbox=not args.no_sandbox,
            cluster=args.cluster,
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
        cluster=args.cluster,
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


def _gradebook_copy(args: argparse.Namespace) -> int:
    from coursekit.course import Course
    from coursekit.instructor.gradebook_copy import copy_gradebook

    target = args.to or Course.at(args.course).db_url
    counts = copy_gradebook(args.source, target)
    print(f"copied {counts.get('submitted_assignment', 0)} submissions and {counts.get('grade', 0)} grades to {target}")
    return 0


COMMANDS = {
    "exercises": _exercises,
    "release": _release,
    "check": _check,
    "simulate": _simulate,
    "collect": _collect,
    "grade": _grade,
    "feedback": _feedback,
    "report": _report,
    "plan": _plan,
    "demo": _demo,
    "gradebook-copy": _gradebook_copy,
}


def main(argv: Sequence[str] | None = None) -> int:
    from coursekit.cli_parser import build_parser
    from coursekit.errors import CoursekitError, Stopped, raise_stopped
    from coursekit.nbgrader_run import scripts_on_path

    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, raise_stopped)
    try:
        with scripts_on_path():  # the command's in-process nbgrader may create a gradebook
            return int(COMMANDS[args.command](args))
    except (CoursekitError, FileNotFoundError) as error:
        print(f"coursekit {args.command}: {error}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Stopped) as stop:  # what was finished is kept; run the command again for the rest
        how, number = ("Ctrl-C", signal.SIGINT) if isinstance(stop, KeyboardInterrupt) else ("SIGTERM", signal.SIGTERM)
        print(f"coursekit {args.command}: stopped ({how}); what was finished is kept.", file=sys.stderr)
        return 128 + number


if __name__ == "__main__":
    sys.exit(main())
