"""A class on one server: real Unix students with private homes, an exchange under /tmp, and the instructor
(root) with a course folder no student can reach. Commands run as the README shows them, through bash."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

from readme_commands import SYSTEM_CONFIG_DIR
from repo import REPO

VENV_BIN = Path(sys.executable).parent
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
COMMAND_TIMEOUT = 600


@dataclass(frozen=True)
class Student:
    """A Unix user; the user name is also the student id nbgrader records."""

    name: str
    home: Path
    uid: int
    gid: int


@contextlib.contextmanager
def unix_students(names: list[str]) -> Iterator[dict[str, Student]]:
    """Users `<name>-<random>` with private homes (useradd -m), removed with their homes afterwards."""
    if os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.fail("the exchange tests create Unix users: run them as root (as `make test` in CI does)", pytrace=False)
    suffix = secrets.token_hex(2)
    students: dict[str, Student] = {}
    try:
        for name in names:
            user = f"{name}-{suffix}"
            subprocess.run(
                ["useradd", "-m", "-K", "HOME_MODE=0700", "-s", "/bin/bash", user], check=True, capture_output=True
            )
            entry = pwd.getpwnam(user)
            students[name] = Student(user, Path(entry.pw_dir), entry.pw_uid, entry.pw_gid)
        yield students
    finally:
        for student in students.values():
            _end_processes_of(student.uid)
            subprocess.run(["userdel", "-r", student.name], check=False, capture_output=True)


def _end_processes_of(uid: int) -> None:
    """Kill what the test started as a student and left running (a kernel, say), so userdel can proceed."""
    for process in psutil.process_iter(["pid", "uids"]):
        uids = process.info["uids"]
        if uids is not None and uids.real == uid:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def as_user(user: str) -> list[str]:
    """The command prefix that runs a program as `user` (runuser) with this environment's Python in reach.

    When a folder on the way to the interpreter is closed to other users (a pyenv Python under /root, say),
    bubblewrap shows the user, in a private mount namespace, an empty stand-in for that folder holding only the
    way to the interpreter: the machine's permissions stay as they are."""
    closed: dict[Path, set[Path]] = {}
    for target in {Path(sys.executable).resolve(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), REPO}:
        for folder in reversed(target.parents):
            if not folder.stat().st_mode & stat.S_IXOTH:
                closed.setdefault(folder, set()).add(folder / target.relative_to(folder).parts[0])
                break
    if not closed:
        return [RUNUSER, "-u", user, "--"]
    bwrap = shutil.which("bwrap")
    assert bwrap, f"other users cannot reach {', '.join(map(str, closed))}: install bubblewrap (`make test` does)"
    mounts = [arg for folder in sorted(closed) for arg in ("--tmpfs", str(folder))]
    ways = sorted(way for folder in closed for way in closed[folder])
    mounts += [arg for way in ways for arg in ("--ro-bind", str(way), str(way))]
    return [bwrap, "--dev-bind", "/", "/", *mounts, "--die-with-parent", "--", RUNUSER, "-u", user, "--"]


@dataclass(frozen=True)
class Classroom:
    """Where everything lives: the shared folder (exchange, system-wide config) and the private course."""

    shared: Path
    course: Path
    instructor_home: Path
    students: dict[str, Student]

    @property
    def exchange(self) -> Path:
        return self.shared / "exchange"

    @property
    def system_config(self) -> Path:
        """Stands in for /etc/jupyter: students who read it get it through JUPYTER_CONFIG_PATH."""
        return self.shared / "etc-jupyter"

    @property
    def inbound(self) -> Path:
        return self.exchange / "mlops" / "inbound"

    def env(self, home: Path, **extra: str) -> dict[str, str]:
        """A fresh login's environment: the venv's scripts first, the exchange named as the README says."""
        return {
            "PATH": f"{VENV_BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(home),
            "PYTHONDONTWRITEBYTECODE": "1",
            "COURSEKIT_EXCHANGE_ROOT": str(self.exchange),
            **extra,
        }

    def instructor(self, commands: str, *, home: Path | None = None, cwd: Path | None = None) -> str:
        """Run commands as the instructor (root) in the course folder; return what they printed."""
        return run_bash(commands, cwd=cwd or self.course, env=self.env(home or self.instructor_home)).stdout

    def system_wide(self, commands: str) -> str:
        """Run the README's once-per-server commands, writing the system-wide config to a stand-in folder."""
        return self.instructor(commands.replace(SYSTEM_CONFIG_DIR, str(self.system_config)))

    def student(
        self, name: str, commands: str, *, check: bool = True, system_config: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run commands as a student, in a terminal opened in their home folder."""
        student = self.students[name]
        extra = {"JUPYTER_CONFIG_PATH": str(self.system_config)} if system_config else {}
        env = self.env(student.home, **extra)
        return run_bash(commands, cwd=student.home, env=env, user=student.name, check=check)

    def write_answers(self, name: str, chapter: str, answers: dict[str, Any]) -> Path:
        """The student's answers.json in their fetched chapter, as their kernel leaves it (owned by them)."""
        student = self.students[name]
        path = student.home / chapter / "answers.json"
        path.write_text(json.dumps(answers), encoding="utf-8")
        os.chown(path, student.uid, student.gid)
        return path


@contextlib.contextmanager
def classroom(course: Path, instructor_home: Path, students: dict[str, Student]) -> Iterator[Classroom]:
    """A shared folder under /tmp (pytest's temporary folders are root's alone), removed afterwards."""
    shared = Path(tempfile.mkdtemp(prefix="coursekit-class-", dir="/tmp"))
    shared.chmod(0o755)
    instructor_home.mkdir(parents=True, exist_ok=True)
    try:
        yield Classroom(shared, course, instructor_home, students)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def run_bash(
    commands: str, *, cwd: Path, env: dict[str, str], user: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run commands with `bash -e` (as `user` through runuser); stdout and stderr together, as a terminal shows."""
    command = ["bash", "-e", "-c", commands]
    if user is not None:
        command = [*as_user(user), *command]
    result = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=COMMAND_TIMEOUT, check=False,
    )  # fmt: skip
    if check:
        who = f"as {user or 'root'} in {cwd}"
        assert result.returncode == 0, f"{who}:\n{commands}\nexit {result.returncode}:\n{result.stdout}"
    return result
