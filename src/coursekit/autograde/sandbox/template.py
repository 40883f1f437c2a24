"""The kernel template: one process per grading worker, in its sandbox, that forks each notebook's kernel.

A kernel started from scratch spends most of its start importing Python, ipykernel, the widgets and the scoring:
about half a second of a core per notebook, which with every core grading is half a second of wall time. The
template imports them once; each kernel is a fork of it, ready in milliseconds, and still a process of its own.

The template runs in bubblewrap's sandbox (no network, the course invisible) in a user namespace of its own,
keeping its capabilities there, so that each fork can set up what bubblewrap gives a kernel started alone
(`namespaces`): a PID namespace of its own, whose processes all end with the kernel; a fresh /tmp; its own
folder, connection file and socket folder, each alone in its parent; no capability left. Only then, with the
limits applied, does it become the kernel. The template itself never runs a line a student wrote.

Run as `python -I -m coursekit.autograde.sandbox.template FD KERNELS_HOME` by the launcher. It reads one JSON
request per line on the socket FD: {"connection_file", "folder", "sockets"}; it answers each with a line,
b"ok\n" with the kernel's pidfd attached, or b"error: ...\n". KERNELS_HOME is in its command line so that the
run's sweep for left-over kernels finds it and every kernel forked from it.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import random
import signal
import socket
import sys
import traceback
from pathlib import Path
from typing import Any

from coursekit.autograde.sandbox import namespaces
from coursekit.autograde.sandbox.limits import apply_limits

__all__ = ["kernel_arguments", "main", "serve"]

PR_SET_PDEATHSIG = 1
FORK_FAILED = 70  # the exit status of a fork that could not become a kernel (its error is on stderr)


def kernel_arguments(connection_file: Path) -> list[str]:
    """ipykernel's arguments for a grading kernel, as the launcher gives them to a kernel started alone."""
    return ["-f", str(connection_file), "--InteractiveShellApp.ignore_cwd=True", "--HistoryManager.enabled=False"]


def become_kernel(request: dict[str, Any], settings: dict[str, Any], report: int) -> None:
    """In the fork: leave the template's namespaces, then run the kernel until it is told to stop.

    Writes b"1" to `report` once its folders are bound (from then on they may be renamed: `prestart.move_into`),
    or why it could not set up its sandbox.
    """
    try:
        _isolate(request, settings, report)
    except BaseException as error:
        os.write(report, f"{type(error).__name__}: {error}".encode(errors="replace")[:1000])
        raise
    os.write(report, b"1")
    os.close(report)
    namespaces.drop_capabilities()
    apply_limits(memory_mb=settings["memory_mb"], processes=settings["processes"], file_mb=settings["file_mb"])
    os.chdir(request["folder"])
    random.seed()  # not the template's state, which every kernel would share
    from coursekit.autograde.sandbox.kernel import GradingKernelApp

    arguments = kernel_arguments(Path(request["connection_file"]))
    sys.argv = [sys.argv[0], *arguments]
    GradingKernelApp.launch_instance(argv=arguments)


def _isolate(request: dict[str, Any], settings: dict[str, Any], report: int) -> None:
    """Become the first process of a PID namespace of its own, seeing a fresh /tmp and its own files only."""
    os.setsid()  # its own process group: a signal for the kernel never reaches the template
    _end_with_parent()
    namespaces.enter_private_namespaces()
    kernel = os.fork()
    if kernel:  # stays outside, as the process the worker holds: it ends when the kernel does, and vice versa
        os.close(report)
        signal.signal(signal.SIGTERM, lambda signum, frame: os.kill(kernel, signal.SIGKILL))
        _, status = os.waitpid(kernel, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    # PID 1 of its namespace: when it ends, every process it started ends too
    _end_with_parent()
    namespaces.mount_proc()
    shown = {Path(path): True for path in settings["readonly"] if Path(path).is_relative_to("/tmp")}
    shown.update({Path(request["folder"]): False, Path(request["connection_file"]): True})
    shown[Path(request["sockets"])] = False
    namespaces.private_view(shown)


def _end_with_parent() -> None:
    """Be killed when the parent ends (the template, or for the kernel its first process), so that nothing
    forked outlives the worker's sandbox."""
    parent = os.getppid()
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # ended before the request took effect
        os._exit(FORK_FAILED)


def serve(channel: socket.socket, settings: dict[str, Any]) -> None:
    """Fork a kernel for each request read from `channel` until it closes."""
    signal.signal(signal.SIGCHLD, lambda signum, frame: _reap())
    reader = channel.makefile("rb")
    for line in reader:
        # SIGCHLD held back until the kernel's pidfd is open: reaped first, its pid could be another process's
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        ready = report = -1
        try:
            request = json.loads(line)
            ready, report = os.pipe()
            pid = os.fork()
        except (OSError, ValueError) as error:  # out of processes, say: the worker starts this kernel alone
            for end in (ready, report):
                if end >= 0:
                    os.close(end)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
            channel.sendall(f"error: {type(error).__name__}: {error}\n".encode())
            continue
        if pid == 0:
            status = FORK_FAILED
            try:
                os.close(ready)
                reader.close()
                channel.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                become_kernel(request, settings, report)
                status = 0
            except BaseException:
                traceback.print_exc()  # into the grading log
            finally:
                os._exit(status)
        pidfd = os.pidfd_open(pid)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        os.close(report)
        _answer(channel, pidfd, ready)


def _answer(channel: socket.socket, pidfd: int, ready: int) -> None:
    """Send the kernel's pidfd once its view is set up, or the reason it could not be."""
    with os.fdopen(ready, "rb") as pipe:
        said = pipe.read()  # until the kernel closes its end: "1" once set up, else why it failed
    if said != b"1":
        why = said.decode(errors="replace").replace("\n", " ") or "it ended before saying why"
        channel.sendall(f"error: a forked kernel could not set up its sandbox: {why}\n".encode())
        os.close(pidfd)
        return
    try:
        socket.send_fds(channel, [b"ok\n"], [pidfd])
    finally:
        os.close(pidfd)


def _reap() -> None:
    """Collect ended kernels (the worker watches them through their pidfds, not their exit status)."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def main() -> None:
    channel = socket.socket(fileno=int(sys.argv[1]))
    settings = json.loads(os.environ.pop("COURSEKIT_SANDBOX"))  # kernels inherit the environment; not this
    # what every kernel imports, once, and what a forked kernel can no longer find once its view is narrowed
    sys.modules["debugpy"] = None  # type: ignore[assignment]
    from coursekit.autograde.sandbox.kernel import preload

    preload()
    serve(channel, settings)


if __name__ == "__main__":
    main()
