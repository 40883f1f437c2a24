"""Which folders of submitted/ `coursekit simulate` wrote, so a synthetic cohort never mixes with a real class.

Simulate lists what it writes in `.coursekit-simulated.json` in the course folder: each synthetic student and the
timestamp of each chapter written for them. Everything else in submitted/ is real work: a student the list does not
name, or a chapter nbgrader collected into a listed student's folder afterwards (not listed, or with another
timestamp). The list sits beside nbgrader_config.py, not in submitted/, where nbgrader, `Course.submissions()` and
anything else looking for students or chapters would find it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from coursekit.course import Course

__all__ = ["MANIFEST", "Written", "real_work", "record", "remove_simulated", "simulated_students"]

MANIFEST = ".coursekit-simulated.json"

Written = dict[str, dict[str, str]]  # student to chapter to the text of its timestamp.txt


def record(course: Course, written: Written) -> None:
    """List these as simulate's (the list is replaced: it names the current cohort only)."""
    text = json.dumps({"written_by": "coursekit simulate", "students": written}, indent=1, sort_keys=True)
    (course.root / MANIFEST).write_text(text + "\n", encoding="utf-8")


def _recorded(course: Course) -> Written:
    """What simulate listed; nothing when there is no list or it cannot be read (then all is taken as real)."""
    try:
        listed = json.loads((course.root / MANIFEST).read_text(encoding="utf-8")).get("students")
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(listed, dict):
        return {}
    return {student: chapters for student, chapters in listed.items() if isinstance(chapters, dict)}


def _student_folders(course: Course) -> list[Path]:
    if not course.submitted.is_dir():
        return []
    # dot-folders (.ipynb_checkpoints, say) are nobody's submissions
    return sorted(p for p in course.submitted.iterdir() if p.is_dir() and not p.name.startswith("."))


def _ours(chapter_folder: Path, chapters: dict[str, str]) -> bool:
    """Written by simulate: listed, and not replaced since (a collect writes a new timestamp)."""
    if chapter_folder.name not in chapters:
        return False
    timestamp = chapter_folder / "timestamp.txt"
    # no timestamp yet: simulate stopped half-way through the folder (it writes timestamp.txt last)
    return not timestamp.exists() or timestamp.read_text(encoding="utf-8") == chapters[chapter_folder.name]


def real_work(course: Course) -> list[Path]:
    """Folders in submitted/ that simulate did not write: a real student's folder, or a chapter collected into a
    simulated student's folder. Empty folders hold no work and are left out."""
    listed = _recorded(course)
    found = []
    for folder in _student_folders(course):
        if folder.name not in listed:
            if any(folder.iterdir()):
                found.append(folder)
            continue
        chapters = listed[folder.name]
        found += [chapter for chapter in sorted(folder.iterdir()) if chapter.is_dir() and not _ours(chapter, chapters)]
    return found


def simulated_students(course: Course) -> list[str]:
    """The students in submitted/ whom simulate listed."""
    listed = _recorded(course)
    return [folder.name for folder in _student_folders(course) if folder.name in listed]


def remove_simulated(course: Course) -> None:
    """Delete every listed student's folder (check `real_work` first: this trusts the list)."""
    for student in simulated_students(course):
        shutil.rmtree(course.submitted / student)
