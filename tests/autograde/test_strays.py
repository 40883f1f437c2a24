"""The run's last sweep: processes that still name the run's scratch folder are killed, no others."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from coursekit.autograde.strays import kill_strays


def sleeper(*arguments: Path) -> subprocess.Popen[bytes]:
    """A process whose command line names the given paths, as a kernel's names its connection file."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", *map(str, arguments)])


def test_a_process_naming_the_folder_is_killed_and_others_live(tmp_path: Path) -> None:
    scratch, neighbour = tmp_path / "coursekit-grading-1", tmp_path / "coursekit-grading-10"
    stray, other = sleeper(scratch / "kernel.json"), sleeper(neighbour / "kernel.json")
    try:
        killed = kill_strays(scratch)
        assert stray.wait(timeout=120) == -9
        assert other.poll() is None  # a folder whose name merely starts the same is another run's
        assert len(killed) == 1 and str(scratch / "kernel.json") in killed[0]
    finally:
        for process in (stray, other):
            process.kill()
            process.wait()


def test_nothing_to_sweep_kills_nothing(tmp_path: Path) -> None:
    assert kill_strays(tmp_path / "coursekit-grading-empty") == []
