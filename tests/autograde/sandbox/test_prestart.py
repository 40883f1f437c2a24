"""Kernels started ahead: each notebook still gets a fresh process of its own, and nothing one student's
notebook leaves in memory, the environment or the sandbox's /tmp reaches the next student's."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest

from coursekit.autograde.run import grade_cohort
from coursekit.autograde.sandbox.prestart import move_into
from coursekit.instructor.release import release
from gradebook_reader import scores
from tiny_course import cell_metadata, write_tiny_course

LEAVES = """import os, subprocess, sys
import coursekit.scoring
print("SLEEPER", subprocess.Popen(["sleep", "613"], start_new_session=True).pid)
coursekit.scoring.LEFT_BEHIND = "first student"
sys.modules["left_behind"] = type(sys)("left_behind")
os.environ["LEFT_BEHIND"] = "first student"
open("/tmp/left-behind", "w").write("first student")
print("PID", os.getpid())
"""

LOOKS = """import json, os, sys
import coursekit.scoring
from ipykernel.kernelapp import IPKernelApp
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
print("SEEN " + json.dumps({
    "processes": sorted(int(name) for name in os.listdir("/proc") if name.isdigit()),
    "beside its folder": os.listdir(os.path.dirname(os.getcwd())),
    "folder": os.path.basename(os.getcwd()),
    "capabilities": status["CapEff"].strip(),
    "stdin": os.readlink("/proc/self/fd/0"),
    "module value": hasattr(coursekit.scoring, "LEFT_BEHIND"),
    "module": "left_behind" in sys.modules,
    "environment": "LEFT_BEHIND" in os.environ,
    "tmp file": os.path.exists("/tmp/left-behind"),
    "connection file": os.path.basename(IPKernelApp.instance().connection_file),
    "pid": os.getpid(),
}))
"""


def test_move_into_keeps_the_spare_folder_and_gives_it_the_files(tmp_path: Path) -> None:
    """Does the submission's folder become the spare's directory (the one its sandbox bound), files and all?"""
    spare, folder = tmp_path / "spare", tmp_path / "student" / "ps1"
    spare.mkdir()
    (folder / "data").mkdir(parents=True)
    (folder / "answers.json").write_text("{}")
    (folder / "data" / "table.csv").write_text("a,b\n")
    inode = spare.stat().st_ino
    move_into(spare, folder)
    assert folder.stat().st_ino == inode and not spare.exists()
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == ["answers.json", "data", "data/table.csv"]


def test_move_into_puts_everything_back_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the last step fails (another file system, say), does the submission's folder keep all its files?"""
    spare, folder = tmp_path / "spare", tmp_path / "student" / "ps1"
    spare.mkdir()
    folder.mkdir(parents=True)
    (folder / "answers.json").write_text("{}")
    (folder / "ps1.ipynb").write_text("{}")
    rename = Path.rename

    def fail_for_the_folder(self: Path, target: Path) -> Path:
        if self == spare:
            raise OSError(18, "Invalid cross-device link")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", fail_for_the_folder)
    with pytest.raises(OSError):
        move_into(spare, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["answers.json", "ps1.ipynb"]
    assert list(spare.iterdir()) == []


def _course_with_a_code_cell(root: Path) -> Path:
    """The tiny course with a cell of the student's own code (a solution cell), released."""
    course = write_tiny_course(root)
    source = course / "source" / "ps1" / "ps1.ipynb"
    notebook = nbformat.read(source, as_version=4)
    code = "### BEGIN SOLUTION\nprint('model solution')\n### END SOLUTION"
    notebook.cells.insert(1, nbformat.v4.new_code_cell(code, metadata=cell_metadata("own-code", solution=True)))
    nbformat.write(notebook, source)
    release(course_root=course)
    return course


def _submit(course: Path, student: str, code: str, answers: dict[str, Any]) -> None:
    folder = course / "submitted" / student / "ps1"
    folder.mkdir(parents=True)
    notebook = json.loads((course / "release" / "ps1" / "ps1.ipynb").read_text())
    own = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "own-code")
    own["source"] = code
    (folder / "ps1.ipynb").write_text(json.dumps(notebook))
    (folder / "answers.json").write_text(json.dumps(answers))


def _running(command: str) -> bool:
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if (entry / "cmdline").read_bytes().replace(b"\0", b" ").strip() == command.encode():
                return True
    return False


def _printed(course: Path, student: str, prefix: str) -> str:
    notebook = json.loads((course / "autograded" / student / "ps1" / "ps1.ipynb").read_text())
    outputs = [output for cell in notebook["cells"] for output in cell.get("outputs", [])]
    for output in outputs:
        for line in "".join(output.get("text", "")).splitlines():
            if line.startswith(prefix):
                return line[len(prefix) :]
    raise AssertionError(f"{student}'s notebook printed no {prefix!r} line: {outputs}")


@pytest.mark.nbgrader
@pytest.mark.parametrize("sandbox", [True, False], ids=["sandbox", "no-sandbox"])
def test_a_value_left_by_one_submission_is_absent_from_the_next(tmp_path: Path, sandbox: bool) -> None:
    """Graded one after another by one worker, with kernels started ahead: does the second and third student's
    kernel, a different process, see nothing of what the first student's notebook set?"""
    Path("/tmp/left-behind").unlink(missing_ok=True)
    course = _course_with_a_code_cell(tmp_path / "course")
    _submit(course, "a-leaves", LEAVES, {})
    _submit(course, "b-looks", LOOKS, {"ps1.pick": "Roast"})
    _submit(course, "c-looks", LOOKS, {"ps1.pick": "Boil"})
    try:
        summary = grade_cohort(course_root=course, workers=1, sandbox=sandbox, stream=io.StringIO())
    finally:
        left_on_host = Path("/tmp/left-behind").exists()
        Path("/tmp/left-behind").unlink(missing_ok=True)
        if not sandbox:
            subprocess.run(["pkill", "-f", "^sleep 613$"], check=False)
    assert [(r.student, r.status) for r in summary.records] == [
        (s, "graded") for s in ("a-leaves", "b-looks", "c-looks")
    ]
    first = int(_printed(course, "a-leaves", "PID "))
    assert int(_printed(course, "a-leaves", "SLEEPER ")) > 0  # a process of its own, which must end with it
    seen = {student: json.loads(_printed(course, student, "SEEN ")) for student in ("b-looks", "c-looks")}
    for student, found in seen.items():
        assert found["connection file"].startswith("kernel-coursekit-"), f"{student}'s kernel was not started ahead"
        assert not found["module value"] and not found["module"] and not found["environment"], (student, found)
        assert found["stdin"] == "/dev/null", (student, found)  # not the worker's requests
        if sandbox:  # each sandbox has a /tmp of its own; without one, /tmp is the host's
            assert not found["tmp file"], (student, found)
    if sandbox:  # forked from the worker's template into a PID namespace, a folder view and no capability
        for student, found in seen.items():
            assert (found["pid"], found["processes"]) == (1, [1]), (student, found)
            assert found["beside its folder"] == [found["folder"]], (student, found)  # no other kernel's folder
            assert found["capabilities"] == "0000000000000000", (student, found)
        assert not _running("sleep 613"), "a process the first student's notebook started outlived its kernel"
    else:  # (without the sandbox a process started in a session of its own lives on, as /tmp is shared)
        assert len({first, seen["b-looks"]["pid"], seen["c-looks"]["pid"]}) == 3
    assert left_on_host is not sandbox  # the first kernel did write its file: into its own /tmp when sandboxed
    graded = scores(course, "ps1")
    picks = {s: graded[(s, "ps1", "pick-test")] for s in ("b-looks", "c-looks")}
    assert picks == {"b-looks": 1.0, "c-looks": 0.0}  # each kernel read its own student's answers
    assert not list((course / "autograded").glob(".coursekit-kernels-*")), "a spare kernel's folder was left behind"
    shutil.rmtree(course)
