"""What grading a cohort costs: `coursekit grade` beside serial nbgrader and the fresh-kernel floor, one cohort.

Run: .venv/bin/python benchmarks/grade_cohort.py [--students 40] [--only coursekit] [--no-cluster] [--json FILE]

One synthetic cohort (all chapters, `coursekit simulate`) is released and copied once per run, then graded:
- floor: each notebook nbgrader executes (its autograded copy, hidden tests in) run once more in a fresh plain
  `python3` kernel, one after another, in this process with nbclient: the cost of running the code at all
  (stopped and polled as coursekit's workers do, so jupyter_client's waits are not counted against it);
- nbgrader: `nbgrader autograde CHAPTER` for each chapter, one after another, as an instructor runs it;
- coursekit: `coursekit grade` with its defaults (sandbox on, one worker per core);
- with a PostgreSQL gradebook (a server this script starts, as the tests do): `coursekit grade` on one machine,
  and `coursekit grade --cluster local:N` (N = cores) on a local Dask cluster of worker processes, which ships
  the course, every submission and every graded notebook as it would to other machines: the cost of shipping
  work, beside the same gradebook graded in place.
Grades (every autograded cell's score and every late penalty) must be identical in every run.
The breakdown of where a notebook's time goes is in benchmarks/README.md (`--profile` reproduces it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from coursekit.course import Course
from coursekit.instructor.demo import fresh_course
from coursekit.instructor.gradebook_copy import copy_gradebook
from coursekit.instructor.release import release
from coursekit.instructor.simulate import CohortSettings, simulate
from coursekit.nbgrader_run import nbgrader_env

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUICK_CLIENT = "coursekit.autograde.sandbox.prestart.QuickReadyClient"
Grades = dict[tuple[str, str, str], tuple[float, float]]


def build_cohort(folder: Path, students: int, seed: int) -> Course:
    """The repository's course, released, with a simulated cohort submitted (late work and due dates in)."""
    course = fresh_course(Course.at(REPO), folder)
    release(course_root=course.root)
    simulate(course_root=course.root, settings=CohortSettings(students=students, seed=seed), set_due_dates=True)
    return course


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def nbgrader_serial(course: Course) -> None:
    for chapter in course.chapters():
        command = [str(BIN / "nbgrader"), "autograde", chapter]
        result = subprocess.run(command, cwd=course.root, env=nbgrader_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"nbgrader autograde {chapter} failed:\n{result.stderr[-3000:]}")


def coursekit_grade(course: Course, *options: str, db_url: str | None = None) -> None:
    command = [str(BIN / "coursekit"), "grade", "--course", str(course.root), *options]
    env = {**nbgrader_env(), "COURSEKIT_DB_URL": db_url} if db_url else nbgrader_env()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"coursekit grade failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def floor(notebooks: list[Path]) -> None:
    """Execute each notebook in a fresh plain kernel, in its own folder, one after another. The kernel is
    stopped at once and its readiness noticed at once, as coursekit's workers do, so the floor is the cost of
    a fresh kernel and the code, not of jupyter_client's polite shutdown or its polling."""
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        manager = AsyncKernelManager(kernel_name="python3", client_class=QUICK_CLIENT)
        resources = {"metadata": {"path": str(path.parent)}}
        client = NotebookClient(
            notebook, km=manager, allow_errors=True, shutdown_kernel="immediate", resources=resources
        )
        client.execute()


def graded_notebooks(course: Course) -> list[Path]:
    return sorted(course.autograded.glob("*/*/*.ipynb"))


def grades(course: Course, db_url: str | None = None) -> Grades:
    """(chapter, student, grade cell) to (automatic score, the submission's late penalty)."""
    found: Grades = {}
    with Gradebook(db_url or course.db_url) as gradebook:
        for chapter in course.chapters():
            for submission in gradebook.find_assignment(chapter).submissions:
                penalty = float(submission.late_submission_penalty or 0)
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        score = float(grade.auto_score) if grade.auto_score is not None else -1.0
                        found[(chapter, submission.student.id, grade.name)] = (score, penalty)
    return found


def on_postgres(course: Course, database_url: str) -> Course:
    """The course with its gradebook (released, students in, nothing graded yet) moved into PostgreSQL."""
    copy_gradebook(course.db_url, database_url)
    (course.root / "gradebook.db").unlink()
    return course


def postgres_runs(runs: dict[str, Course], cores: int) -> tuple[dict[str, float], list[str]]:
    """`coursekit grade` on one machine and on a local cluster, both into PostgreSQL; the times and how their
    grades differ from the SQLite run's."""
    sys.path.insert(0, str(REPO / "tests"))
    from postgres import running_postgres  # the tests' server: Debian's PostgreSQL, an unprivileged user

    server = running_postgres()
    postgres = next(server)
    try:
        results, wrong = {}, []
        for name, options in (("postgres", ()), ("cluster", ("--cluster", f"local:{cores}"))):
            url = postgres.new_database(name)
            course = on_postgres(runs[name], url)
            results[name] = timed(lambda: coursekit_grade(course, *options, db_url=url))  # noqa: B023 - run now
            wrong += differences(grades(runs["coursekit"]), grades(course, url), (name, "coursekit"))
        return results, wrong
    finally:
        server.close()


def differences(expected: Grades, actual: Grades, names: tuple[str, str] = ("nbgrader", "coursekit")) -> list[str]:
    keys = sorted(set(expected) | set(actual))
    return [
        f"{key}: {names[0]} {expected.get(key)} {names[1]} {actual.get(key)}"
        for key in keys
        if expected.get(key) != actual.get(key)
    ]


def row(name: str, seconds: float, notebooks: int, cores: int, floor_seconds: float | None) -> str:
    rate = notebooks / seconds / cores
    versus = f"{seconds / floor_seconds:8.2f}x" if floor_seconds else f"{'':9}"
    return f"{name:52} {seconds:8.1f} s {rate:9.2f} {versus}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=40, help="cohort size (default: 40)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=["coursekit"], help="time only `coursekit grade` (scaling runs)")
    parser.add_argument("--no-cluster", action="store_true", help="leave out the PostgreSQL and cluster runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="grade-cohort-") as scratch:
        base = build_cohort(Path(scratch) / "base", args.students, args.seed)
        names = ["nbgrader", "coursekit"] + ([] if args.only or args.no_cluster else ["postgres", "cluster"])
        runs = {name: Course(Path(shutil.copytree(base.root, Path(scratch) / name))) for name in names}
        notebooks, chapters = len(base.submissions()), len(base.chapters())
        results: dict[str, float] = {}
        results["coursekit"] = timed(lambda: coursekit_grade(runs["coursekit"]))
        if args.only is None:
            results["nbgrader"] = timed(lambda: nbgrader_serial(runs["nbgrader"]))
            executed = graded_notebooks(runs["nbgrader"])
            results["floor"] = timed(lambda: floor(executed))
            wrong = differences(grades(runs["nbgrader"]), grades(runs["coursekit"]))
            if "cluster" in runs:
                shipped, mismatched = postgres_runs(runs, cores)
                results.update(shipped)
                wrong += mismatched
    print(
        f"cohort: {args.students} students x {chapters} chapters = {notebooks} submissions "
        f"(seed {args.seed}); {cores} cores"
    )
    print(f"{'run':52} {'wall':>10} {'nb/s/core':>9} {'vs floor':>9}")
    floor_seconds = results.get("floor")
    if floor_seconds is not None:
        print(row("floor: fresh plain kernel per notebook, serial", floor_seconds, notebooks, cores, floor_seconds))
        print(row("nbgrader autograde per chapter, serial", results["nbgrader"], notebooks, cores, floor_seconds))
    print(
        row(
            f"coursekit grade (defaults: sandbox on, {cores} workers)",
            results["coursekit"],
            notebooks,
            cores,
            floor_seconds,
        )
    )
    if "cluster" in results:
        print(row("coursekit grade, PostgreSQL gradebook", results["postgres"], notebooks, cores, floor_seconds))
        name = f"coursekit grade --cluster local:{cores}, PostgreSQL"
        print(row(name, results["cluster"], notebooks, cores, floor_seconds))
        print(
            f"shipping work to a local cluster costs {results['cluster'] / results['postgres']:.2f}x grading in place"
        )
    if floor_seconds is not None:
        speedup = results["nbgrader"] / results["coursekit"]
        print(f"coursekit grade is {speedup:.2f}x faster than serial nbgrader (goal: at least 3x)")
        print(f"coursekit grade takes {results['coursekit'] / floor_seconds:.2f}x the floor (goal: at most 0.6x)")
        print(
            "grades identical: " + ("yes" if not wrong else f"NO, {len(wrong)} differ:\n  " + "\n  ".join(wrong[:20]))
        )
    if args.json:
        args.json.write_text(json.dumps({"students": args.students, "notebooks": notebooks, "cores": cores, **results}))
    if floor_seconds is not None and wrong:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
