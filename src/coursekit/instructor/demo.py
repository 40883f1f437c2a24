"""The instructor demo: a fresh synthetic cohort, simulated, graded, given feedback and reported on."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from coursekit.autograde.run import GradeSummary, grade_cohort
from coursekit.course import CONFIG_FILE, Course
from coursekit.errors import CoursekitError
from coursekit.instructor.feedback import FeedbackFiles, generate_feedback
from coursekit.instructor.release import release
from coursekit.instructor.report import ReportFiles, write_report
from coursekit.instructor.simulate import DEFAULT_COHORT, CohortSettings, simulate

__all__ = ["DemoError", "DemoResult", "run_demo"]

MARKER = ".coursekit-demo"  # only a folder carrying this is ever wiped by a new demo


class DemoError(CoursekitError):
    """The demo folder cannot be (re)created."""


@dataclass(frozen=True)
class DemoResult:
    folder: Path
    grading: GradeSummary
    feedback: FeedbackFiles
    report: ReportFiles


def fresh_course(course: Course, folder: Path) -> Course:
    """A new course folder holding the course's config and source/ and nothing else."""
    if folder.exists():
        if not (folder / MARKER).exists():
            raise DemoError(f"{folder} exists and is not a demo folder; choose another with --into")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("Made by `coursekit demo`; the next demo replaces this folder.\n")
    shutil.copy(course.root / CONFIG_FILE, folder / CONFIG_FILE)
    shutil.copytree(course.source, folder / "source")
    return Course(folder.resolve())


def run_demo(
    *,
    course_root: Path,
    folder: Path,
    settings: CohortSettings = DEFAULT_COHORT,
    workers: int | None = None,
    stream: TextIO = sys.stderr,
) -> DemoResult:
    """release → simulate → grade → feedback → report, in `folder`, with its own SQLite gradebook."""
    demo = fresh_course(Course.at(course_root), folder)

    def step(text: str) -> None:
        stream.write(f"\n== {text}\n")
        stream.flush()

    step(f"Releasing {len(demo.chapters())} chapters with nbgrader into {demo.root}")
    release(course_root=demo.root)
    step(f"Simulating {settings.students} students (seed {settings.seed})")
    # a fresh copy, so its gradebook may get due dates: late penalties are part of what the demo shows
    cohort = simulate(course_root=demo.root, settings=settings, set_due_dates=True)
    stream.write(f"{cohort.summary()}\n")
    step("Grading with nbgrader autograde, in parallel")
    grading = grade_cohort(course_root=demo.root, workers=workers, stream=stream)
    step("Generating feedback")
    feedback = generate_feedback(course_root=demo.root, workers=workers or 2)
    step("Writing the report")
    report = write_report(course_root=demo.root)
    return DemoResult(demo.root, grading, feedback, report)


def summary(result: DemoResult) -> str:
    """The closing table: per chapter, submissions, mean score and late work; then where to look."""
    data = result.report.data
    lines = [f"{'chapter':8} {'graded':>6} {'mean':>6} {'late':>5} {'review':>6}"]
    for chapter in data.chapters:
        results = [r[chapter] for r in data.results.values() if chapter in r]
        mean = sum(r.final for r in results) / len(results) / data.max_scores[chapter] if results else 0.0
        late = sum(1 for r in results if r.seconds_late > 0)
        review = sum(1 for label, _, _ in data.review if label.startswith(f"{chapter}/"))
        lines.append(f"{chapter:8} {len(results):6d} {mean:6.0%} {late:5d} {review:6d}")
    lines += [
        "",
        result.grading.table(),
        "",
        f"Report:     {result.report.html}",
        f"Grades CSV: {result.report.csv}",
        f"Feedback:   {len(result.feedback.pages)} pages under {result.folder / 'feedback'}, "
        f"each student's index at feedback/<student>/index.html",
        f"Gradebook:  {result.folder / 'gradebook.db'} (open it with `nbgrader formgrader` in {result.folder})",
    ]
    return "\n".join(lines)
