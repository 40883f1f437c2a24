"""A class through nbgrader's exchange with real Unix users, following the README's commands word for word."""

from __future__ import annotations

import json
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from canvas_zip import canvas_zip
from class_story import CHAPTERS, EVERYTHING, FIRST_ROUND, NAMES, RESUBMISSION, ClassRun, teach, unreleased_course
from coursekit.instructor.feedback import leaks_in
from exchange_class import Classroom, classroom, unix_students
from gradebook_reader import open_gradebook, submissions, totals
from readme_commands import CLASS, block

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def taught(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassRun]:
    """The whole class, taught once for this module's tests; users and shared folders removed afterwards."""
    private = tmp_path_factory.mktemp("instructor")
    with (
        unix_students(NAMES) as students,
        classroom(unreleased_course(private / "course"), private / "home", students) as room,
    ):
        yield teach(room)


def user(run: ClassRun, name: str) -> str:
    return run.room.students[name].name


def inbound(room: Classroom, student: str, chapter: str) -> list[Path]:
    """A student's submissions of a chapter in the exchange, oldest first (as root sees them)."""
    return sorted(room.inbound.glob(f"{student}+{chapter}+*"), key=lambda path: (path / "timestamp.txt").read_text())


def test_each_student_fetches_the_release_into_their_home(taught: ClassRun) -> None:
    """Does every student get each chapter's released notebook, as their own file, in their home folder?"""
    for name in NAMES:
        student = taught.room.students[name]
        for chapter in CHAPTERS:
            fetched = student.home / chapter / f"{chapter}.ipynb"
            released = taught.room.course / "release" / chapter / f"{chapter}.ipynb"
            assert fetched.read_bytes() == released.read_bytes()
            assert fetched.stat().st_uid == student.uid


def test_answers_travel_from_the_student_to_the_gradebook(taught: ClassRun) -> None:
    """Is each newest answers.json in the exchange, collected, graded, and are the grades the ones it earns?"""
    room = taught.room
    for (name, chapter), handed_in in taught.handed_in.items():
        student = user(taught, name)
        collected = room.course / "submitted" / student / chapter
        newest = next(p for p in inbound(room, student, chapter) if _same_time(p, collected))
        assert json.loads((newest / "answers.json").read_text()) == handed_in[-1]
        assert json.loads((collected / "answers.json").read_text()) == handed_in[-1]
        assert (room.course / "autograded" / student / chapter / "answers.json").is_file()
    for (name, chapter), rule in FIRST_ROUND.items():
        assert taught.first_scores[(user(taught, name), chapter)] == pytest.approx(taught.expected(rule, chapter))
    assert taught.scores[(user(taught, "alice"), "ch01")] == pytest.approx(taught.expected(EVERYTHING, "ch01"))
    # bob handed in ch05 once, the first, third, ... exercise right and the others unanswered: those points exactly
    bob_ch05 = sum(key.points for index, key in enumerate(taught.keys("ch05")) if index % 2 == 0)
    assert 0 < bob_ch05 < sum(key.points for key in taught.keys("ch05"))
    assert taught.scores[(user(taught, "bob"), "ch05")] == pytest.approx(bob_ch05)


def _same_time(submission: Path, collected: Path) -> bool:
    return (submission / "timestamp.txt").read_text() == (collected / "timestamp.txt").read_text()


def test_resubmission_counts_and_the_earlier_one_is_kept(taught: ClassRun) -> None:
    """After a resubmission, does `collect --update` take the newest, grades follow it, and both stay in inbound?"""
    name, chapter, rule = RESUBMISSION
    student = user(taught, name)
    first, second = inbound(taught.room, student, chapter)
    assert [json.loads((s / "answers.json").read_text()) for s in (first, second)] == taught.handed_in[(name, chapter)]
    assert f"Updating submission: {student} {chapter}" in taught.printed[f"collect {chapter} again"]
    assert _same_time(second, taught.room.course / "submitted" / student / chapter)
    assert taught.first_scores[(student, chapter)] == pytest.approx(
        taught.expected(FIRST_ROUND[(name, chapter)], chapter)
    )
    assert taught.scores[(student, chapter)] == pytest.approx(taught.expected(rule, chapter))
    unchanged = {key: score for key, score in taught.scores.items() if key != (student, chapter)}
    assert unchanged == {key: taught.first_scores[key] for key in unchanged}


def test_each_student_fetches_only_their_own_feedback(taught: ClassRun) -> None:
    """Does fetch_feedback bring each student their own page, for their newest submission only, with no key?"""
    for name in NAMES:
        student = taught.room.students[name]
        for chapter in CHAPTERS:
            fetched = sorted((student.home / chapter / "feedback").glob(f"*/{chapter}.html"))
            collected = taught.room.course / "submitted" / student.name / chapter
            assert [page.parent.name for page in fetched] == [(collected / "timestamp.txt").read_text()]
            assert fetched[0].read_bytes() == _page(taught, name, chapter)
            assert leaks_in(fetched[0]) == []
            assert f"Feedback for {user(taught, name)}" in fetched[0].read_text(encoding="utf-8")  # coursekit's page
            mine = taught.handed_in[(name, chapter)][-1]
            others = [other for other in NAMES if taught.handed_in[(other, chapter)][-1] != mine]
            assert others and all(_page(taught, other, chapter) != fetched[0].read_bytes() for other in others)


def _page(run: ClassRun, name: str, chapter: str) -> bytes:
    return (run.room.course / "feedback" / user(run, name) / chapter / f"{chapter}.html").read_bytes()


def test_students_cannot_see_each_others_work(taught: ClassRun) -> None:
    """Can a student list the inbound or feedback folders, find another's submission, or read the course?"""
    room, alice = taught.room, user(taught, "alice")
    course = room.exchange / "mlops"
    inbound, outbound = course / "inbound", course / "outbound" / "ch01"
    source, working_copy = room.course / "source" / "ch01" / "ch01.ipynb", room.students["alice"].home / "ch01"
    attempts = {  # what bob tries: the command, and the path its refusal must name
        "list inbound": (f"ls '{inbound}'", inbound),
        "find alice's submission": (f"find '{inbound}' -maxdepth 1 -name '{alice}+ch01+*'", inbound),
        "list returned feedback": (f"ls '{course / 'feedback'}'", course / "feedback"),
        "change a released notebook": (f"echo x >> '{outbound / 'ch01.ipynb'}'", outbound / "ch01.ipynb"),
        "add to a release": (f"touch '{outbound / 'extra.ipynb'}'", outbound / "extra.ipynb"),
        "read the course's source": (f"cat '{source}'", source),
        "read alice's working copy": (f"cat '{working_copy / 'answers.json'}'", working_copy / "answers.json"),
    }
    for what, (command, path) in attempts.items():
        # the path is real (a typo would fail as "No such file" and prove nothing); a file to add, its folder
        assert path.parent.is_dir() if what == "add to a release" else path.exists(), f"{what}: no {path}"
        result = room.student("bob", command, check=False)
        assert result.returncode != 0, f"bob could {what}:\n{result.stdout}"
        quoted = f"[‘']?{re.escape(str(path))}[’']?"  # as each tool quotes it (find: in the locale's quotes)
        assert re.search(f"{quoted}: Permission denied", result.stdout), (what, result.stdout)
    assert not (outbound / "extra.ipynb").exists()
    assert list(inbound.glob(f"{alice}+ch01+*")), "alice's submission is there to be found"


def test_exchange_permissions_are_as_nbgrader_sets_them(taught: ClassRun) -> None:
    """Are the exchange's modes those the README states: root 0777, inbound 2733, feedback 0711, and so on?"""
    course = taught.room.exchange / "mlops"
    modes = {
        path: stat.S_IMODE(path.stat().st_mode)
        for path in (taught.room.exchange, course, course / "outbound", course / "inbound", course / "feedback")
    }
    assert list(modes.values()) == [0o777, 0o755, 0o755, 0o2733, 0o711]
    released = course / "outbound" / "ch01" / "ch01.ipynb"
    assert (stat.S_IMODE(released.stat().st_mode), released.stat().st_uid) == (0o644, 0)
    for name in NAMES:
        student = taught.room.students[name]
        for submission in inbound(taught.room, student.name, "ch01"):
            assert (submission.stat().st_uid, stat.S_IMODE(submission.stat().st_mode)) == (student.uid, 0o777)
            assert re.fullmatch(rf"{student.name}\+ch01\+[^+]+ UTC\+[A-Za-z0-9_-]{{12}}", submission.name)


def test_the_exchange_gets_the_release_never_the_source(taught: ClassRun) -> None:
    """Does the exchange hold exactly release/ (no hidden tests, no answers.json), never source/?"""
    for chapter in CHAPTERS:
        outbound = taught.room.exchange / "mlops" / "outbound" / chapter
        assert sorted(p.name for p in outbound.iterdir()) == [f"{chapter}.ipynb"]
        text = (outbound / f"{chapter}.ipynb").read_text()
        assert "BEGIN HIDDEN TESTS" not in text and "key=" not in text
        assert text == (taught.room.course / "release" / chapter / f"{chapter}.ipynb").read_text()


def test_submitting_under_another_name_is_flagged_at_collect(taught: ClassRun, tmp_path: Path) -> None:
    """When bob submits as alice (`--student`), does collect warn of a cheating attempt (it still collects)?"""
    room, alice, bob = taught.room, user(taught, "alice"), user(taught, "bob")
    room.student("bob", f"nbgrader submit ch05 --student={alice}")
    copy = tmp_path / "course"
    shutil.copytree(room.course, copy)
    printed = room.instructor("nbgrader collect --update ch05", cwd=copy)
    assert re.search(rf"claims to be submitted by {alice} but is owned by {bob}; cheating attempt\?", printed)
    assert f"Updating submission: {alice} ch05" in printed


def class_canvas_zip(run: ClassRun, folder: Path, *, resubmitted: str = "") -> Path:
    """submissions.zip of the collected ch01 as Canvas names it (bob's late); `resubmitted` has Canvas's `-1`
    suffixes."""
    users = [user(run, name) for name in NAMES]
    return canvas_zip(
        run.room.course,
        "ch01",
        users,
        folder,
        late={user(run, "bob")},
        resubmitted=user(run, resubmitted) if resubmitted else "",
    )


def course_without_ch01_grades(run: ClassRun, folder: Path) -> Path:
    """The class's course folder as it was before anything of ch01 was collected."""
    shutil.copytree(run.room.course, folder, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    with open_gradebook(folder) as gradebook:
        for name in NAMES:
            gradebook.remove_submission("ch01", user(run, name))
    return folder


def test_lms_download_grades_as_the_exchange_did(taught: ClassRun, tmp_path: Path) -> None:
    """Does the README's LMS path (Canvas-named zip, zip_collect) give each student the grades of the exchange?"""
    course = course_without_ch01_grades(taught, tmp_path / "course")
    home = tmp_path / "home"
    class_canvas_zip(taught, home / "Downloads")
    taught.room.instructor(block(CLASS, "lms"), home=home, cwd=course)
    for name in NAMES:
        assert (course / "submitted" / user(taught, name) / "ch01" / "answers.json").is_file()
    from_lms = {key: score for key, score in totals(course).items() if key[1] == "ch01"}
    assert from_lms == {key: score for key, score in taught.scores.items() if key[1] == "ch01"}


def test_canvas_resubmission_is_collected_under_the_chapters_name(taught: ClassRun, tmp_path: Path) -> None:
    """Canvas renames a resubmitted ch01.ipynb to ch01-1.ipynb: is it still collected as ch01.ipynb?"""
    course = course_without_ch01_grades(taught, tmp_path / "course")
    class_canvas_zip(taught, course / "downloaded" / "ch01" / "archive", resubmitted="carol")
    taught.room.instructor("nbgrader zip_collect ch01", cwd=course)
    collected = course / "submitted" / user(taught, "carol") / "ch01"
    assert sorted(path.name for path in collected.iterdir()) == ["answers.json", "ch01.ipynb"]


def submissions_owned_by(room: Classroom, named: str, chapter: str, owner: str) -> list[Path]:
    """Submissions in `named`'s name whose folder `owner` owns, oldest change first (as root sees them)."""
    uid = room.students[owner].uid
    found = [path for path in room.inbound.glob(f"{named}+{chapter}+*") if path.stat().st_uid == uid]
    return sorted(found, key=lambda path: path.stat().st_ctime_ns)


def statuses(folder: Path) -> dict[Path, tuple[int, int, int]]:
    """Owner, mode and status-change time of a folder and everything in it: what `untouched` means here."""
    paths = [folder, *folder.rglob("*")]
    return {path: (path.lstat().st_uid, path.lstat().st_mode, path.lstat().st_ctime_ns) for path in paths}


def secret(submission: Path) -> str:
    return (submission / "submission_secret.txt").read_text()


def test_coursekit_collect_refuses_work_submitted_under_another_name(taught: ClassRun, tmp_path: Path) -> None:
    """When bob submits as alice, does `coursekit collect` refuse it naming bob, leave it untouched in the exchange,
    collect alice's own submission instead, and replace the copy a plain `nbgrader collect` took of bob's?"""
    room, alice, bob = taught.room, user(taught, "alice"), user(taught, "bob")
    room.student("bob", f"nbgrader submit ch05 --student={alice}")
    forged = submissions_owned_by(room, alice, "ch05", "bob")[-1]
    (own,) = submissions_owned_by(room, alice, "ch05", "alice")
    as_found = statuses(forged)
    copy = tmp_path / "course"
    shutil.copytree(room.course, copy)
    collected = copy / "submitted" / alice / "ch05"
    try:
        room.instructor("nbgrader collect --update ch05", cwd=copy)
        assert secret(collected) == secret(forged)  # nbgrader takes the newest by name, bob's
        printed = room.instructor("coursekit collect --update ch05", cwd=copy)
        print(printed)
        refusal = f"refused {alice}'s ch05: its files belong to {bob}, not {alice}; left in the exchange, not collected"
        assert f"{refusal}: {forged} (ask {alice} to submit it themselves if it is theirs)" in printed
        assert secret(collected) == secret(own)
        assert json.loads((collected / "answers.json").read_text()) == taught.handed_in[("alice", "ch05")][-1]
        assert (collected / "timestamp.txt").read_text() == (own / "timestamp.txt").read_text()  # corroborated
        assert statuses(forged) == as_found
        report = json.loads((copy / "reports" / "collect-ch05.json").read_text())
        assert {"student": alice, "owners": [bob], "folder": str(forged)}.items() <= next(
            item for item in report["refused"] if item["folder"] == str(forged)
        ).items()
        assert sorted(item["student"] for item in report["collected"]) == sorted(user(taught, n) for n in NAMES)
        assert room.instructor("coursekit collect --update ch05", cwd=copy).count(f"{refusal}: {forged}") == 1
        assert secret(collected) == secret(own)
    finally:
        shutil.rmtree(forged)  # the class's exchange as the other tests know it


def test_a_backdated_submission_is_timed_and_penalised_by_the_exchanges_clock(taught: ClassRun, tmp_path: Path) -> None:
    """When bob backdates a resubmission past the due date (nbgrader's own timestamp_format option), is it the one
    collected, flagged, recorded at the exchange's time, and does `coursekit grade` take the late penalty from it?"""
    from datetime import datetime, timedelta, timezone

    from nbgrader.utils import parse_utc

    room, bob = taught.room, user(taught, "bob")
    copy = tmp_path / "course"
    shutil.copytree(room.course, copy)
    due = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(hours=1)
    with open_gradebook(copy) as gradebook:
        gradebook.update_or_create_assignment("ch01", duedate=due)
    before = (submissions_owned_by(room, bob, "ch01", "bob"), datetime.now(timezone.utc).replace(tzinfo=None))
    room.student("bob", "nbgrader submit ch01 --Exchange.timestamp_format='2020-01-01 09:00:00.000000 UTC'")
    (backdated,) = set(submissions_owned_by(room, bob, "ch01", "bob")) - set(before[0])
    try:
        printed = room.instructor("coursekit collect --update ch01", cwd=copy)
        print(printed)
        flag = f"flagged {bob}'s ch01: its timestamp.txt says 2020-01-01 09:00:00 UTC, the exchange saw it last change"
        assert flag in printed and f"the late penalty counts from there: {backdated}" in printed
        collected = copy / "submitted" / bob / "ch01"
        assert secret(collected) == secret(backdated)
        recorded = parse_utc((collected / "timestamp.txt").read_text())
        assert before[1] - timedelta(seconds=1) <= recorded <= datetime.now(timezone.utc).replace(tzinfo=None)
        report = json.loads((copy / "reports" / "collect-ch01.json").read_text())
        (flagged,) = report["flagged"]
        assert (flagged["folder"], flagged["stated"], flagged["collected"]) == (
            str(backdated),
            "2020-01-01T09:00:00+00:00",
            True,
        )
        room.instructor("coursekit grade --chapter ch01", cwd=copy)
        graded = submissions(copy)[(bob, "ch01")]
        assert graded.timestamp == recorded and 3600 <= graded.seconds_late < 3600 + 600
        raw = taught.expected(FIRST_ROUND[("bob", "ch01")], "ch01")
        assert graded.penalty == pytest.approx(round(0.1 * raw, 2))  # one started day late
    finally:
        shutil.rmtree(backdated)
