"""One class taught through nbgrader's exchange with the README's own commands, start to finish.

alice answers everything right, bob every other exercise, carol first hands in ch01 with one exercise right and
resubmits it all right after the instructor has collected and graded once. alice and bob set nbgrader up for
themselves (the README's student set-up); carol relies on the system-wide configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.notebooks.keys import Key, read_keys, reference_answer
from exchange_class import Classroom
from gradebook_reader import totals
from readme_commands import CLASS, STUDENTS, block, for_chapter
from repo import copy_sources

CHAPTERS = ["ch01", "ch05"]
NAMES = ["alice", "bob", "carol"]
SYSTEM_WIDE = {"carol"}  # who reads the system-wide config instead of setting nbgrader up themselves

Rule = Callable[[int], bool]  # which exercises (by position in the notebook) a submission answers right
EVERYTHING: Rule = lambda index: True  # noqa: E731
EVERY_OTHER: Rule = lambda index: index % 2 == 0  # noqa: E731
ODD_ONES: Rule = lambda index: index % 2 == 1  # noqa: E731
FIRST_ONLY: Rule = lambda index: index == 0  # noqa: E731
FIRST_ROUND: dict[tuple[str, str], Rule] = {
    ("alice", "ch01"): EVERYTHING,
    ("alice", "ch05"): EVERYTHING,
    ("bob", "ch01"): EVERY_OTHER,
    ("bob", "ch05"): EVERY_OTHER,
    ("carol", "ch01"): FIRST_ONLY,
    ("carol", "ch05"): ODD_ONES,
}
RESUBMISSION = ("carol", "ch01", EVERYTHING)
# Jupyter picks a kernel's TCP ports before the kernel binds them, so two kernels started in the same instant on
# one machine can be handed the same port (a known race: nteract/papermill#511, posit-dev/positron#5799). A
# student whose validate hits it sees the kernel die at start, and runs validate again; so do these students.
PORT_RACE = "zmq.error.ZMQError: Address already in use"
VALIDATE_TRIES = 3


@dataclass
class ClassRun:
    """What happened: the answers each student handed in (in order), what the instructor saw, the scores."""

    room: Classroom
    handed_in: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    first_scores: dict[tuple[str, str], float] = field(default_factory=dict)
    scores: dict[tuple[str, str], float] = field(default_factory=dict)

    def keys(self, chapter: str) -> list[Key]:
        return list(read_keys(self.room.course / "source" / chapter / f"{chapter}.ipynb").values())

    def expected(self, rule: Rule, chapter: str) -> float:
        return sum(key.points for index, key in enumerate(self.keys(chapter)) if rule(index))


def answers(keys: list[Key], rule: Rule) -> dict[str, Any]:
    """answers.json of a student who gets the exercises the rule picks right and leaves the others unanswered."""
    return {key.exercise_id: reference_answer(key) for index, key in enumerate(keys) if rule(index)}


def unreleased_course(folder: Path) -> Path:
    """The project's config and the two chapters' sources, not released: the README's release step builds the rest
    (tests/cohort.py's `make_course` releases and simulates a cohort instead)."""
    return copy_sources(folder, CHAPTERS)


def teach(room: Classroom) -> ClassRun:
    """Release, fetch, answer, submit, collect, grade, resubmit, collect again, return and fetch feedback."""
    run = ClassRun(room)
    run.printed["set-up"] = room.system_wide(block(CLASS, "set-up"))
    for chapter in CHAPTERS:
        run.printed[f"release {chapter}"] = room.instructor(for_chapter(block(CLASS, "release"), chapter))
    everyone(room, lambda name: first_round(run, name))
    for chapter in CHAPTERS:
        run.printed[f"collect {chapter}"] = room.instructor(for_chapter(block(CLASS, "collect"), chapter))
    run.first_scores = totals(room.course)
    name, chapter, rule = RESUBMISSION
    hand_in(run, name, chapter, answers(run.keys(chapter), rule))
    run.printed[f"collect {chapter} again"] = room.instructor(for_chapter(block(CLASS, "collect"), chapter))
    run.scores = totals(room.course)
    for chapter in CHAPTERS:
        run.printed[f"feedback {chapter}"] = room.instructor(for_chapter(block(CLASS, "feedback"), chapter))
    everyone(room, lambda name: fetch_feedback(run, name))
    return run


def everyone(room: Classroom, work: Callable[[str], None]) -> None:
    """Students work at the same time, as in a class."""
    with ThreadPoolExecutor(max_workers=len(room.students)) as pool:
        for done in [pool.submit(work, name) for name in room.students]:
            done.result()


def first_round(run: ClassRun, name: str) -> None:
    room, own_config = run.room, name not in SYSTEM_WIDE
    if own_config:
        room.student(name, block(STUDENTS, "set-up"))
    for chapter in CHAPTERS:
        room.student(name, for_chapter(block(STUDENTS, "fetch"), chapter), system_config=not own_config)
        hand_in(run, name, chapter, answers(run.keys(chapter), FIRST_ROUND[(name, chapter)]))


def hand_in(run: ClassRun, name: str, chapter: str, given: dict[str, Any]) -> None:
    """The student's answers land in answers.json (as the widgets save them), then validate and submit."""
    run.room.write_answers(name, chapter, given)
    run.handed_in.setdefault((name, chapter), []).append(given)
    commands = for_chapter(block(STUDENTS, "submit"), chapter)
    for _ in range(VALIDATE_TRIES):
        done = run.room.student(name, commands, system_config=name in SYSTEM_WIDE, check=False)
        if done.returncode == 0 or PORT_RACE not in done.stdout:
            break
    assert done.returncode == 0, f"{name} could not validate and submit {chapter}:\n{done.stdout}"
    run.printed[f"submit {name} {chapter} {len(run.handed_in[(name, chapter)])}"] = done.stdout


def fetch_feedback(run: ClassRun, name: str) -> None:
    for chapter in CHAPTERS:
        commands = for_chapter(block(STUDENTS, "feedback"), chapter)
        run.printed[f"fetch feedback {name} {chapter}"] = run.room.student(
            name, commands, system_config=name in SYSTEM_WIDE
        ).stdout
