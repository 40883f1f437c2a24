"""Linux namespace steps a kernel forked from the template takes before it runs anything a student wrote.

The template runs in bubblewrap's user namespace with its capabilities kept, so that each kernel it forks can
make its own mount and PID namespaces: a fresh /tmp, only its own folder, connection file and socket folder
visible under their parents, its own process tree; then it drops every capability for good.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

__all__ = ["drop_capabilities", "enter_private_namespaces", "mount_proc", "mount_tmpfs", "private_view"]

_libc = ctypes.CDLL(None, use_errno=True)

CLONE_NEWNS = 0x00020000
CLONE_NEWPID = 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_RDONLY = 2, 4, 8, 1
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
KEPT_FLAGS = MS_NOEXEC | 1024 | 2048  # with noatime and nodiratime: statvfs's ST_ flags share these values
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 24, 38
CAP_LAST = 63
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode()


def _mount(source: str | None, target: Path | str, fstype: str | None, flags: int, data: str | None = None) -> None:
    result = _libc.mount(_bytes(source), str(target).encode(), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data))
    _check(result, f"mount {target}")


def enter_private_namespaces() -> None:
    """New mount and PID namespaces (the PID one takes effect in the next child), mounts private to this one."""
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID), "unshare")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)


def mount_proc() -> None:
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def mount_tmpfs(target: Path | str) -> None:
    _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")


def _bind_from(handle: int, target: Path, *, readonly: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if os.path.isdir(f"/proc/self/fd/{handle}"):
        target.mkdir(exist_ok=True)
    else:
        target.touch()
    _mount(f"/proc/self/fd/{handle}", target, None, MS_BIND | MS_REC)
    if readonly:  # keeping the flags it has: in a user namespace, a remount may add restrictions, not drop them
        kept = os.statvfs(target).f_flag & KEPT_FLAGS
        _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | kept)


def private_view(shown: dict[Path, bool], tmp: Path = Path("/tmp")) -> None:
    """A fresh, empty `tmp`, and each path in `shown` (value: read-only) alone in its parent folder.

    Paths under `tmp` (a course kept in /tmp, say) come back at their places inside the fresh one. Each path is
    opened before anything is hidden and bound back from its descriptor.
    """
    handles = {path: os.open(path, os.O_PATH) for path in shown}
    try:
        mount_tmpfs(tmp)
        hidden = {path.parent for path in shown if not path.is_relative_to(tmp)}
        for parent in hidden:
            _mount("tmpfs", parent, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755")
        for path, readonly in shown.items():
            _bind_from(handles[path], path, readonly=readonly)
    finally:
        for handle in handles.values():
            os.close(handle)


def drop_capabilities() -> None:
    """No capability now or after any exec, none to regain (bounding set emptied, no_new_privs)."""
    for capability in range(CAP_LAST + 1):
        _libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)  # fails past the kernel's last capability: harmless
    empty = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(_CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)), empty), "capset")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
