"""Resource limits for a sandboxed kernel: memory and file size by rlimit, processes by a pids cgroup (or rlimit).

RLIMIT_NPROC does not bind root (the kernel exempts uid 0), so when grading runs as root each kernel's launcher
joins a cgroup of its own whose pids.max caps its processes; otherwise RLIMIT_NPROC does the same job. The pids
controller is taken where the host offers it: a cgroup v2 hierarchy that has it (a pure v2 host), else the v1
pids hierarchy (a hybrid host, whose unified v2 hierarchy usually has no controllers at all).
"""

from __future__ import annotations

import contextlib
import os
import resource
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PidsHierarchy",
    "apply_limits",
    "join_pids_cgroup",
    "pids_hierarchy",
    "process_cap",
    "remove_cgroup",
    "remove_stale_cgroups",
]

MOUNTS = Path("/proc/self/mounts")
GROUP = "coursekit"  # every kernel's group is made under this one, in the hierarchy's root


@dataclass(frozen=True)
class PidsHierarchy:
    """A mounted cgroup hierarchy with the pids controller: where it is mounted and its version (1 or 2)."""

    root: Path
    version: int

    @property
    def groups(self) -> Path:
        return self.root / GROUP


def pids_hierarchy(mounts: Path = MOUNTS) -> PidsHierarchy | None:
    """The hierarchy to cap processes in: cgroup v2 where a v2 mount offers pids, else v1's pids, else None."""
    try:
        lines = [line.split() for line in mounts.read_text().splitlines()]
    except OSError:
        return None
    for fields in lines:
        if len(fields) >= 3 and fields[2] == "cgroup2":
            with contextlib.suppress(OSError):
                if "pids" in (Path(fields[1]) / "cgroup.controllers").read_text().split():
                    return PidsHierarchy(Path(fields[1]), 2)
    for fields in lines:
        if len(fields) >= 4 and fields[2] == "cgroup" and "pids" in fields[3].split(","):
            return PidsHierarchy(Path(fields[1]), 1)
    return None


def process_cap() -> str:
    """What caps a grading kernel's processes on this machine, in words (for the sandbox notice)."""
    if os.geteuid() != 0:
        return "RLIMIT_NPROC"
    hierarchy = pids_hierarchy()
    if hierarchy is None:
        return "none: grading as root, and no cgroup hierarchy here has the pids controller"
    if not _prepare(hierarchy):
        return f"none: grading as root, and {hierarchy.groups} cannot be set up to cap processes"
    return f"a pids cgroup (cgroup v{hierarchy.version}, {hierarchy.groups})"


def apply_limits(*, memory_mb: int, processes: int, file_mb: int) -> None:
    """Set this process's limits; children (the sandboxed kernel) inherit them."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = file_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))  # a huge file written by student code
    if os.geteuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))


def _enable_pids(subtree_control: Path) -> None:
    """Let a v2 group's children use the pids controller (v2 enables controllers parent by parent)."""
    if "pids" not in subtree_control.read_text().split():
        subtree_control.write_text("+pids")


def _prepare(hierarchy: PidsHierarchy) -> bool:
    """Make `coursekit/` in the hierarchy, able to give its kernels' groups a pids limit; False where it cannot.

    In v2 a group holding processes cannot pass controllers on, so the kernels' groups hang under `coursekit/`,
    which holds none, in the hierarchy's root (exempt from that rule). Inside a container whose v2 root already
    holds processes, enabling the controller fails.
    """
    try:
        hierarchy.groups.mkdir(exist_ok=True)
        if hierarchy.version == 2:
            _enable_pids(hierarchy.root / "cgroup.subtree_control")
            _enable_pids(hierarchy.groups / "cgroup.subtree_control")
    except OSError:
        return False
    return True


def join_pids_cgroup(name: str, processes: int, hierarchy: PidsHierarchy | None = None) -> Path | None:
    """Put this process in a fresh pids cgroup capped at `processes`; None where cgroups cannot be used."""
    if os.geteuid() != 0:
        return None
    hierarchy = hierarchy or pids_hierarchy()
    if hierarchy is None:
        return None
    if not _prepare(hierarchy):
        return None
    group = hierarchy.groups / name
    try:
        group.mkdir(exist_ok=True)
        (group / "pids.max").write_text(str(processes))
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        with contextlib.suppress(OSError):
            group.rmdir()
        return None
    return group


def remove_stale_cgroups() -> None:
    """Remove the empty cgroups kernels stopped by force could not remove themselves."""
    hierarchy = pids_hierarchy()
    if hierarchy is not None and hierarchy.groups.is_dir():
        for group in hierarchy.groups.iterdir():
            if group.is_dir():
                with contextlib.suppress(OSError):
                    group.rmdir()


def remove_cgroup(group: Path | None) -> None:
    """Leave the kernel's cgroup once its processes are gone, then remove it and any empty one left by a killed
    kernel (a group cannot be removed while this launcher is still in it)."""
    if group is None:
        return
    with contextlib.suppress(OSError):
        (group.parent.parent / "cgroup.procs").write_text(str(os.getpid()))  # back to the hierarchy's root
    for stale in [group, *group.parent.iterdir()]:
        if stale.is_dir():
            with contextlib.suppress(OSError):
                stale.rmdir()  # fails, harmlessly, while processes remain
