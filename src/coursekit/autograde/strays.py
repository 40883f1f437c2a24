"""Processes a grading run must not leave behind: any kernel or sandbox still naming the run's scratch folder.

Every grading kernel of a run has its files (kernelspec, IPC sockets) in the run's scratch folder, and the
sandbox's command line names them. Kernels end with their worker, by parent-death signals; a signal cannot
reach a process that had not yet asked for it when its parent was killed, so the run sweeps once its workers
are gone: whatever still names the folder is left over and is killed.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

__all__ = ["kill_strays"]


def _command_line(pid: str) -> str:
    try:
        return (Path("/proc") / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # ended meanwhile, or not ours to read
        return ""


def kill_strays(folder: Path) -> list[str]:
    """Kill (SIGKILL) every other process whose command line names `folder`; return their command lines."""
    marker, mine = f"{folder}{os.sep}", str(os.getpid())
    killed = []
    for entry in Path("/proc").glob("[0-9]*"):
        command = _command_line(entry.name)
        if entry.name != mine and marker in command:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except ProcessLookupError:
                continue
            killed.append(command.strip())
    return killed
