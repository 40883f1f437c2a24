"""The `coursekit` command line's commands and options (argparse); `coursekit.cli` runs them."""

from __future__ import annotations

import argparse

__all__ = ["build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """Every command and its options; `command` names the one given."""
    parser = argparse.ArgumentParser(prog="coursekit", description="Interactive exercises graded with nbgrader.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        if name != "exercises":
            sub.add_argument("--course", default=".", help="course folder (default: the current one)")
        return sub

    command("exercises", "list a notebook's exercises as JSON (never keys)").add_argument(
        "notebook", help="a source or release notebook"
    )
    rel = command("release", "check source/, then rebuild release/ from it with nbgrader")
    rel.add_argument("chapter", nargs="*", help="chapters to release (default: all)")
    rel.add_argument(
        "--update",
        action="store_true",
        help="for a chapter students have submitted whose cells changed: back up the gradebook, rebuild, regrade "
        "every submission, keep the due date and hand-given scores and comments",
    )
    where = rel.add_mutually_exclusive_group()  # a cluster's size is its workers'
    where.add_argument("--workers", type=int, default=None, help="with --update: parallel grading workers")
    where.add_argument("--cluster", metavar="ADDRESS", help="with --update: regrade on a Dask cluster, as grade does")
    rel.add_argument("--no-sandbox", action="store_true", help="with --update: grade without the sandbox")
    chk = command("check", "find authoring mistakes in source/: keys, points, ids, a stale release")
    chk.add_argument("chapter", nargs="*", help="chapters to check (default: all)")
    chk.add_argument("--skip-release", action="store_true", help="do not rebuild releases to compare them")
    sim = command("simulate", "write a synthetic cohort's submissions to submitted/")
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
        "nbgrader collect refusing work submitted under another student's name, timed by the exchange's clock",
    )
    collect.add_argument("chapter", help="the chapter to collect from the exchange into submitted/")
    collect.add_argument("--update", action="store_true", help="replace copies collected earlier with newer ones")
    grade = command("grade", "autograde submitted/ with nbgrader, in parallel, new or changed only")
    grade.add_argument("--chapter", action="append", default=[], help="only this chapter (repeatable)")
    where = grade.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, help="parallel workers (default: cores)")
    grade.add_argument("--timeout", type=float, default=300.0, help="seconds per submission (default: 300)")
    grade.add_argument("--force", action="store_true", help="grade again even what has not changed")
    grade.add_argument("--no-sandbox", action="store_true", help="run student code unsandboxed (trusted only)")
    grade.add_argument("--from-lms", action="store_true", help="first collect downloaded/<chapter>/archive/ zips")
    cluster_help = "grade on a Dask cluster (tcp://host:8786) or local[:N] processes; needs PostgreSQL (README)"
    where.add_argument("--cluster", metavar="ADDRESS", help=cluster_help)
    feedback = command("feedback", "write per-student feedback pages (no hidden tests, ever)")
    feedback.add_argument("--chapter", action="append", default=[], help="only this chapter (repeatable)")
    feedback.add_argument("--hide-answers", action="store_true", help="leave out expected answers and why")
    report = command("report", "write reports/grades.csv for the LMS and reports/report.html with plots")
    canvas_help = "also write reports/canvas-grades.csv for Canvas, for the students of this export (Grades > Export)"
    report.add_argument("--canvas", metavar="ROSTER.csv", help=canvas_help)
    report.add_argument(
        "--canvas-match",
        choices=["sis-login", "sis-user", "id"],
        default="sis-login",
        help="with --canvas: the roster column holding nbgrader's student ids, case ignored (default: sis-login, "
        "the SIS Login ID)",
    )
    plan = command("plan", "print the chapter table; generate docs/chapters.md and the README's from source/")
    plan_mode = plan.add_mutually_exclusive_group()
    plan_mode.add_argument("--write", action="store_true", help="rewrite docs/chapters.md and the README's table")
    plan_mode.add_argument("--check", action="store_true", help="exit 1 naming each file that is out of date")
    demo = command("demo", "simulate, grade, give feedback and report on a synthetic cohort")
    demo.add_argument("--into", default="demo", help="folder for the demo course (default: demo)")
    demo.add_argument("--students", type=int, default=30, help="cohort size (default: 30)")
    demo.add_argument("--seed", type=int, default=0, help="random seed for the cohort")
    demo.add_argument("--workers", type=int, default=None, help="parallel grading workers (default: cores)")
    copy = command("gradebook-copy", "copy a whole gradebook into an empty database (SQLite to PostgreSQL, say)")
    copy.add_argument("--from", dest="source", required=True, help="the gradebook's URL: sqlite:///gradebook.db")
    copy.add_argument("--to", default=None, help="an empty database's URL (default: the course's, COURSEKIT_DB_URL)")
    return parser
