"""The worker's side of the kernel template: start it, ask it for kernels, and hold each as a process.

A forked kernel is the template's child, not the worker's, so the worker holds it by a pidfd (sent by the
template over their socket): it can tell when the kernel has ended and signal it, without the race of a
process ID that may have been reused. `ForkedKernel` gives jupyter_client's provisioner the part of
`subprocess.Popen` it uses.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

__all__ = ["ForkedKernel", "KernelTemplate", "TemplateUnavailable", "template_argv"]

CLOSE_SECONDS = 5.0
REPLY_SECONDS = 60.0  # the template's first reply waits for its imports; later ones take milliseconds


class TemplateUnavailable(RuntimeError):
    """The template could not fork a kernel (ended, or refused): the kernel is started on its own instead."""


class ForkedKernel:
    """A kernel forked by the template, with the methods of `subprocess.Popen` that jupyter_client calls.

    Its exit status stays with the template, its parent: `returncode` is minus the signal the worker sent it,
    or 0 when it ended by itself (as a kernel does when asked to shut down).
    """

    stdin = stdout = stderr = None

    def __init__(self, pidfd: int, args: list[str]):
        self.pidfd, self.args = pidfd, args
        self.pid = _pid_of(pidfd)
        self.returncode: int | None = None
        self._signalled = 0

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self.pidfd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self._ended()
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # ended since: as Popen, nothing to do
                signal.pidfd_send_signal(self.pidfd, signum)
                self._signalled = signum

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def _ended(self) -> None:
        self.returncode = -self._signalled
        os.close(self.pidfd)

    def __del__(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(OSError):
                os.close(self.pidfd)


def _pid_of(pidfd: int) -> int:
    for line in Path(f"/proc/self/fdinfo/{pidfd}").read_text().splitlines():
        if line.startswith("Pid:"):
            return int(line.split()[1])
    raise TemplateUnavailable("the template's pidfd names no process")


def template_argv(descriptor: int, home: Path, folders: Path) -> list[str]:
    """The launcher's command starting the template of a worker whose kernel files are in `home` and whose spare
    kernels' folders are in `folders`."""
    launcher = [sys.executable, "-I", "-m", "coursekit.autograde.sandbox.launcher"]
    return [*launcher, "--template", str(descriptor), str(home), str(folders)]


class KernelTemplate:
    """One worker's template, started when first asked for a kernel and again if it has ended."""

    def __init__(self, home: Path, folders: Path):
        self.home, self.folders = home, folders
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: socket.socket | None = None
        self._argv: list[str] = []
        self._broken = ""  # why a template that never forked a kernel ended: not started again

    def fork(self, *, connection_file: Path, folder: Path, sockets: Path) -> ForkedKernel:
        """A kernel running in `folder` with `connection_file`; TemplateUnavailable when it cannot be had."""
        if self._broken:
            raise TemplateUnavailable(self._broken)
        fresh = self._process is None or self._process.poll() is not None
        try:
            return self._fork(connection_file, folder, sockets, fresh=fresh)
        except TemplateUnavailable as error:
            if fresh and (self._process is None or self._process.poll() is not None):
                self._broken = f"{error} (kernels start on their own for the rest of this run)"
                raise TemplateUnavailable(self._broken) from error
            raise

    def _fork(self, connection_file: Path, folder: Path, sockets: Path, *, fresh: bool) -> ForkedKernel:
        if fresh:
            self._start()
        assert self._channel is not None and self._process is not None
        request = {"connection_file": str(connection_file), "folder": str(folder), "sockets": str(sockets)}
        try:
            self._channel.sendall(json.dumps(request).encode() + b"\n")
            reply, descriptors = self._reply()
        except OSError:
            reply, descriptors = b"", []
        if not reply.startswith(b"ok") or len(descriptors) != 1:
            for descriptor in descriptors:
                os.close(descriptor)
            raise TemplateUnavailable(reply.decode(errors="replace").strip() or self._ended())
        return ForkedKernel(descriptors[0], [*self._argv, str(connection_file)])

    def _reply(self) -> tuple[bytes, list[int]]:
        """The template's answer: one short line, sent whole, with the kernel's pidfd attached."""
        assert self._channel is not None
        self._channel.settimeout(REPLY_SECONDS)
        reply, descriptors, _, _ = socket.recv_fds(self._channel, 4096, 1)
        return reply, descriptors

    def _ended(self) -> str:
        """Why there was no answer: the template ended (or hangs, and is ended now)."""
        assert self._process is not None
        try:
            code = self._process.wait(timeout=CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        self.close()
        if code is None:
            return f"the kernel template did not answer in {REPLY_SECONDS:g} s"
        return f"the kernel template ended with exit status {code}"

    def _start(self) -> None:
        self.close()
        ours, theirs = socket.socketpair()
        try:
            self._argv = argv = template_argv(theirs.fileno(), self.home, self.folders)
            # stdin: not the worker's, on which its requests arrive, nor then any kernel's
            process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, pass_fds=[theirs.fileno()], start_new_session=True
            )
            self._process = process
        except OSError as error:
            ours.close()
            raise TemplateUnavailable(f"the kernel template cannot start: {error}") from error
        finally:
            theirs.close()
        self._channel = ours

    def close(self) -> None:
        """End the template, and with it any kernel it forked that is still running."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None:
            try:
                self._process.wait(timeout=CLOSE_SECONDS)  # it ends by itself once its socket closes
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()
            self._process = None
