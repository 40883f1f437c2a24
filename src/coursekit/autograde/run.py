"""Grade a cohort: every new or changed submission, several at once, none able to spoil another's grades."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coursekit.autograde.failure import GRADING_LOG, notebook_code, one_line, without_code
from coursekit.autograde.gradebook import GradeError, discard_grades, prepare_gradebook
from coursekit.autograde.lms import collect_lms
from coursekit.autograde.pool import WorkerPool, worker_command
from coursekit.autograde.progress import Progress
from coursekit.autograde.sandbox import SandboxUnavailable, check_sandbox
from coursekit.autograde.sandbox.kernelspec import scratch_parent
from coursekit.autograde.sandbox.limits import process_cap, remove_stale_cgroups
from coursekit.autograde.status import (
    FAILED,
    GRADED,
    TIMED_OUT,
    UNCHANGED,
    GradeRecord,
    GradeStatus,
    fingerprint,
    grading_inputs,
)
from coursekit.autograde.strays import kill_strays
from coursekit.autograde.submission_check import Inspection, inspect_submission, student_id_problem
from coursekit.autograde.worker import SPARE_FOLDERS
from coursekit.course import Course, Submission
from coursekit.instructor.check import check_course

if TYPE_CHECKING:
    from coursekit.autograde.cluster import ClusterGrading

__all__ = ["GradeError", "GradeSummary", "grade_cohort"]

DEFAULT_TIMEOUT = 300.0
USERNS_REMEDY = (
    "Let bubblewrap create user namespaces (on the host: `sysctl kernel.unprivileged_userns_clone=1`, or "
    "`kernel.apparmor_restrict_unprivileged_userns=0` on Ubuntu; in a container: a seccomp profile that allows them)"
)


@dataclass(frozen=True)
class GradeSummary:
    records: list[GradeRecord]

    @property
    def problems(self) -> list[GradeRecord]:
        return [record for record in self.records if record.needs_review]

    def table(self, every_line_up_to: int = 100) -> str:
        """Counts per status, then a line per submission (only those needing review in a large cohort)."""
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record.status] = counts.get(record.status, 0) + 1
        lines = [f"{len(self.records)} submissions: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))]
        shown = self.records if len(self.records) <= every_line_up_to else self.problems
        for r in shown:
            note = f": {r.reason}" if r.reason else ""
            label = f"{r.chapter}/{r.student}".encode("utf-8", "backslashreplace").decode("utf-8")  # odd folder names
            lines.append(f"  {r.status.upper():9} {label}{note}")
        if shown is self.problems and self.problems:
            lines.append("  (every submission's status: autograded/coursekit-status.json)")
        if any(record.status in (FAILED, TIMED_OUT) for record in self.records):
            lines.append(f"  (what nbgrader said about each submission not graded: {GRADING_LOG})")
        return "\n".join(lines)


def grade_cohort(
    *,
    course_root: Path,
    chapters: Sequence[str] = (),
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    force: bool = False,
    from_lms: bool = False,
    sandbox: bool = True,
    cluster: str | None = None,
    stream: TextIO = sys.stderr,
) -> GradeSummary:
    """Autograde submitted/ with real nbgrader; return one record per submission (graded, failed, ...). With
    `cluster` (a Dask scheduler's address, or local[:N]) the submissions are graded there."""
    course = Course.at(course_root)
    with contextlib.ExitStack() as stack:  # a cluster's client stays open for the run
        client = None
        if cluster:
            from coursekit.autograde.cluster import open_cluster

            client = stack.enter_context(open_cluster(course, cluster, sandbox=sandbox, stream=stream))
        else:
            stream.write(sandbox_notice(sandbox) + "\n")
        wanted = list(chapters) or course.chapters()
        problems = check_course(course.root, wanted, release_current=False)
        if problems:  # a key that does not fit its widget would grade every student wrongly
            lines = "\n".join(f"  {problem.line()}" for problem in problems)
            raise GradeError(
                f"refusing to grade: the source notebooks have authoring mistakes:\n{lines}\n"
                "Fix them, run `coursekit release` (with --update for a chapter whose cells changed), "
                "then grade again. Nothing was graded."
            )
        if from_lms:
            collect_lms(course, wanted)
        submissions = course.submissions(wanted)
        status = GradeStatus(course.autograded / "coursekit-status.json")
        # ids nbgrader cannot hold fail here, before the gradebook sees them: one such folder must not stop the run
        unusable = {s: problem for s in submissions if (problem := student_id_problem(s.student))}
        submissions = [s for s in submissions if s not in unusable]
        in_gradebook = prepare_gradebook(course, submissions, wanted, named=chapters)
        graders = {chapter: grading_inputs(course.source_notebook(chapter)) for chapter in wanted}
        prints = {s: fingerprint(course.submission_folder(s), graders[s.chapter]) for s in submissions}
        records, todo = [], []
        for submission in submissions:
            last = status.get(submission.chapter, submission.student)
            current = last is not None and last.status == GRADED and last.fingerprint == prints[submission]
            if last is not None and current and not force and (submission.chapter, submission.student) in in_gradebook:
                records.append(replace(last, status=UNCHANGED, seconds=0.0))
            else:
                todo.append(submission)
        inspections = {submission: inspect_submission(course, submission) for submission in todo}
        stream.write(f"Grading {len(todo)} of {len(submissions) + len(unusable)} submissions.\n")
        try:  # fold the journal into coursekit-status.json once, at the end, however the run ends
            for submission, problem in unusable.items():
                stream.write(f"  not graded: {submission.label!r}: {problem}\n")
                records.append(_record(status, submission, FAILED, problem, "", 0.0))
            for submission in [s for s in todo if inspections[s].fatal]:
                fatal = without_code(
                    one_line(inspections[submission].fatal), notebook_code(course.source_notebook(submission.chapter))
                )
                stream.write(f"  not graded: {submission.label}: {fatal}\n")
                discard_grades(course, submission)
                records.append(_record(status, submission, FAILED, fatal, prints[submission], 0.0))
            todo = [submission for submission in todo if not inspections[submission].fatal]
            progress = Progress(len(todo), stream)
            if todo:  # nothing to grade starts no worker (nbgrader's import and a kernel cost seconds)
                size = max(1, min(workers or os.cpu_count() or 1, len(todo)))
                records += _grade_in_workers(
                    course, todo, size, timeout, sandbox, client, status, progress, inspections, prints
                )
        finally:
            status.close()
        progress.close()
        remove_stale_cgroups()
        return GradeSummary(sorted(records, key=lambda r: (r.chapter, r.student)))


def _grade_in_workers(
    course: Course,
    todo: list[Submission],
    size: int,
    timeout: float,
    sandbox: bool,
    client: Any,
    status: GradeStatus,
    progress: Progress,
    inspections: dict[Submission, Inspection],
    prints: dict[Submission, str],
) -> list[GradeRecord]:
    """Grade `todo` on a pool of `size` workers (or on the cluster of `client`), recording each outcome as it
    comes."""
    code = {chapter: notebook_code(course.source_notebook(chapter)) for chapter in {s.chapter for s in todo}}
    records = []
    course.autograded.mkdir(exist_ok=True)
    with (
        (course.autograded / "grading.log").open("a") as log,
        tempfile.TemporaryDirectory(prefix="coursekit-grading-", dir=scratch_parent()) as scratch,
    ):
        started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        log.write(f"##### coursekit grade, {started}: grading {len(todo)} submissions\n")
        log.flush()  # before the workers write to the same file
        pool = _grader(course, client, size, timeout, sandbox, log, Path(scratch))
        try:
            with pool:
                for result in pool.run(todo):
                    graded: Submission = result.job
                    state = GRADED if result.ok else TIMED_OUT if result.timed_out else FAILED
                    if not result.ok:
                        discard_grades(course, graded)
                    reason = inspections[graded].review if result.ok else result.reason
                    reason = without_code(one_line(reason), code[graded.chapter])
                    records.append(_record(status, graded, state, reason, prints[graded], result.seconds))
                    progress.advance(state, f"{graded.label}: {reason}" if reason else "")
        except BaseException:  # stopped (Ctrl-C, SIGTERM): its workers are killed by now
            for cut_off in pool.in_progress():  # nbgrader had entered it, its scores not yet written
                discard_grades(course, cut_off)
            raise
        finally:
            for command_line in kill_strays(Path(scratch)):
                log.write(f"stopped a kernel process left running by a stopped worker: {command_line[:300]}\n")
            for folder in course.autograded.glob(f"{SPARE_FOLDERS}*"):  # a killed worker's spare kernels
                shutil.rmtree(folder, ignore_errors=True)
    return records


def _grader(
    course: Course, client: Any, size: int, timeout: float, sandbox: bool, log: TextIO, scratch: Path
) -> WorkerPool | ClusterGrading:
    if client is not None:
        from coursekit.autograde.cluster import ClusterGrading

        return ClusterGrading(client, course, timeout=timeout, sandbox=sandbox, log=log)
    command = worker_command(course.root, sandbox=sandbox, scratch=scratch)
    return WorkerPool(command, size=size, timeout=timeout, log=log, cwd=course.root)


def _record(
    status: GradeStatus, submission: Submission, state: str, reason: str, print_: str, seconds: float
) -> GradeRecord:
    """Keep the outcome in the status file at once, so a run stopped later loses nothing."""
    record = GradeRecord(submission.chapter, submission.student, state, reason, print_, round(seconds, 2))
    status.record(record)
    return record


def sandbox_notice(sandbox: bool) -> str:
    """Say how student code will run; refuse when the sandbox was asked for but cannot run here."""
    if not sandbox:
        return "Sandbox: OFF (--no-sandbox). Student code runs with your rights; grade trusted submissions only."
    try:
        check_sandbox()
    except SandboxUnavailable as error:
        remedy = "Install bubblewrap" if shutil.which("bwrap") is None else USERNS_REMEDY
        raise GradeError(
            f"cannot sandbox student code: {error}. {remedy}, or pass --no-sandbox to grade without a sandbox "
            "(only for submissions you trust)."
        ) from None
    return (
        "Sandbox: on (bubblewrap: no network, course folder hidden, only the submission writable; "
        f"processes capped by {process_cap()})."
    )
