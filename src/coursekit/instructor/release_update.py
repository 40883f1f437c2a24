"""`coursekit release CHAPTER --update`: rebuild a chapter students have submitted, keeping what graders did.

nbgrader cannot add or remove cells of a notebook that has submissions; its only way past is deleting the
assignment, which loses every grade, comment and the due date. This does that deletion safely: the records
are read and backed up first, the chapter is rebuilt and every submission regraded, then the due date, each
hand-given score and each comment go back on the cells that still exist.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from nbgrader.api import Gradebook

from coursekit.autograde.cluster import gradebook_for_cluster
from coursekit.autograde.run import GradeSummary, grade_cohort, sandbox_notice
from coursekit.course import Course
from coursekit.instructor.check import check_course, raise_on_problems
from coursekit.instructor.gradebook_copy import copy_gradebook
from coursekit.instructor.kept_grades import KeptGrades, back_up, read_kept, restore_kept, scores
from coursekit.instructor.release import ReleaseError, release
from coursekit.instructor.release_build import BuildError, build_release
from coursekit.instructor.release_cells import CellChanges, cell_changes

__all__ = ["UpdateResult", "update_release"]


@dataclass(frozen=True)
class UpdateResult:
    chapter: str
    backup: Path | None  # None when nobody had submitted: nothing was backed up or regraded
    changes: CellChanges | None
    kept: KeptGrades
    after: dict[str, float]  # student -> score after regrading
    lost: dict[str, list[str]]  # student -> grade ids whose hand-given work had no cell left
    grading: GradeSummary

    def report(self) -> str:
        """What changed, then one line per student: score before and after and what was carried over."""
        if self.backup is None:
            return f"nobody has submitted {self.chapter}: released it as `coursekit release {self.chapter}` does"
        changes = self.changes.summary() if self.changes else "no cell added or removed"
        lines = [
            f"updated {self.chapter}: {changes}",
            f"gradebook backed up to {self.backup}",
            f"due date kept: {self.kept.duedate.replace('T', ' ') + ' UTC' if self.kept.duedate else 'none set'}",
        ]
        for student in sorted({*self.kept.students, *self.after}):
            before = self.kept.students.get(student)
            was = f"{before.score:g}" if before else "new"
            now = f"{self.after[student]:g}" if student in self.after else "not graded"
            dropped = set(self.lost.get(student, []))
            scores = len([name for name in before.manual if name not in dropped]) if before else 0
            comments = len([name for name in before.comments if name not in dropped]) if before else 0
            line = f"  {student}: {was} -> {now} points; kept {_count(scores, 'hand-given score')} and " + _count(
                comments, "comment"
            )
            if self.lost.get(student):
                line += f", dropped with their cells: {', '.join(self.lost[student])}"
            lines.append(line)
        problems = self.grading.problems
        if problems:
            lines.append(f"{len(problems)} submissions need review:\n" + self.grading.table().split("\n", 1)[-1])
        return "\n".join(lines)


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def update_release(
    *,
    course_root: Path,
    chapter: str,
    workers: int | None = None,
    sandbox: bool = True,
    cluster: str | None = None,
    stream: TextIO | None = None,
) -> UpdateResult:
    """Rebuild `chapter`'s release and gradebook records, regrade every submission (on the Dask cluster at `cluster`
    when given), restore graders' work."""
    course = Course.at(course_root)
    if chapter not in course.chapters():
        raise ReleaseError(f"unknown chapter {chapter!r}; chapters are {', '.join(course.chapters())}")
    raise_on_problems(check_course(course.root, [chapter], release_current=False), then="Nothing was changed.")
    changes = cell_changes(course, chapter)
    if changes is None:  # nobody has submitted: nothing to keep, a plain release does it all
        release(course_root=course.root, chapters=[chapter])
        return UpdateResult(chapter, None, None, KeptGrades(chapter, None), {}, {}, GradeSummary([]))
    # refuse before anything changes: a sandbox that cannot run here, a gradebook a cluster cannot share
    if cluster:
        gradebook_for_cluster(course, cluster)
    else:
        sandbox_notice(sandbox)
    kept = read_kept(course, chapter)
    backup = back_up(course, kept)
    with Gradebook(course.db_url) as gradebook:
        gradebook.remove_assignment(chapter)
        duedate = datetime.fromisoformat(kept.duedate) if kept.duedate else None
        gradebook.update_or_create_assignment(chapter, duedate=duedate)
    try:
        build_release(course, chapter)
    except BuildError as error:
        _restore_database(course, backup)
        raise ReleaseError(f"{error}\nThe gradebook was restored from {backup}.") from None
    try:
        summary = grade_cohort(
            course_root=course.root,
            chapters=[chapter],
            workers=workers,
            force=True,
            sandbox=sandbox,
            cluster=cluster,
            stream=stream or io.StringIO(),
        )
        lost = restore_kept(course, kept)
    except BaseException:  # stopped or failed half-way: the records go back as they were, ready for a new run
        _restore_database(course, backup)
        raise
    return UpdateResult(chapter, backup, changes, kept, scores(course, chapter), lost, summary)


def _restore_database(course: Course, backup: Path) -> None:
    if not (backup / "gradebook.db").is_file():
        return
    if course.sqlite_file is not None:
        shutil.copy2(backup / "gradebook.db", course.sqlite_file)
    else:
        copy_gradebook(f"sqlite:///{backup / 'gradebook.db'}", course.db_url, replace=True)
