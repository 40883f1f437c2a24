"""Resource limits for a sandboxed kernel: memory by rlimit, processes by a pids cgroup (or rlimit).

RLIMIT_NPROC does not bind root (the kernel exempts uid 0), so when grading runs as root each kernel joins a
cgroup whose pids.max caps its processes; otherwise RLIMIT_NPROC does the same job.
"""

from __future__ import annotations

import contextlib
import os
import resource
from pathlib import Path

__all__ = ["PIDS_CGROUP_ROOT", "apply_limits", "join_pids_cgroup", "remove_cgroup", "remove_stale_cgroups"]

PIDS_CGROUP_ROOT = Path("/sys/fs/cgroup/pids/coursekit")


def apply_limits(*, memory_mb: int, processes: int, file_mb: int) -> None:
    """Set this process's limits; children (the sandboxed kernel) inherit them."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))  # a huge file written by student code
    if os.geteuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))


def join_pids_cgroup(name: str, processes: int) -> Path | None:
    """Put this process in a fresh pids cgroup capped at `processes`; None where cgroups cannot be used."""
    if os.geteuid() != 0 or not PIDS_CGROUP_ROOT.parent.is_dir():
        return None
    group = PIDS_CGROUP_ROOT / name
    try:
        group.mkdir(parents=True, exist_ok=True)
        (group / "pids.max").write_text(str(processes))
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        return None
    return group


def remove_stale_cgroups() -> None:
    """Remove the empty cgroups kernels stopped by force could not remove themselves."""
    if PIDS_CGROUP_ROOT.is_dir():
        for group in PIDS_CGROUP_ROOT.iterdir():
            with contextlib.suppress(OSError):
                group.rmdir()


def remove_cgroup(group: Path | None) -> None:
    """Remove a kernel's cgroup once its processes are gone, and any empty one left by a killed kernel."""
    if group is None:
        return
    for stale in [group, *group.parent.iterdir()]:
        with contextlib.suppress(OSError):
            stale.rmdir()  # fails, harmlessly, while processes remain
