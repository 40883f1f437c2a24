"""Processes seen through /proc: what a process started, and whether any still works inside a folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["descendants", "no_process_in"]


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, children first."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            found += [int(child) for child in children]
            queue += [int(child) for child in children]
    return found


def no_process_in(folder: Path, within: float) -> bool:
    """Wait until no process (an orphaned kernel, say) has its working directory inside the folder."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        busy = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                if str(folder) in os.readlink(proc / "cwd"):
                    busy.append(proc.name)
            except OSError:
                continue
        if not busy:
            return True
        time.sleep(0.5)
    return False
