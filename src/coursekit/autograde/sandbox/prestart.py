"""Grading kernels started ahead: while one notebook runs, the kernel for the next one starts.

A kernel costs a Python start and the imports of ipykernel and coursekit, most of a notebook's grading time.
A worker's kernel provisioner (jupyter_client's plug-in point, named in the grading kernelspec) therefore keeps
one spare kernel running, each in its own process and sandbox as before, and hands it to the next notebook.

A kernel's working folder is fixed when it starts (the sandbox binds it), but nbgrader makes the folder of the
notebook it grades (autograded/<student>/<chapter>) only just before it runs it. So a spare starts in an empty
folder of its own beside autograded/'s students. When nbgrader asks for a kernel in its folder, that folder's
files move into the spare's folder, which then takes the folder's name: a rename keeps the directory, so the
kernel sees the submission's files, and whatever it writes lands where nbgrader expects it.

In the sandbox, spares are forked from the worker's kernel template (`template`), which has imported what a
kernel needs once; where it cannot fork one, the spare starts on its own through the kernelspec's command.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from coursekit.autograde.sandbox.forked import ForkedKernel, KernelTemplate, TemplateUnavailable

__all__ = ["PrestartedProvisioner", "QuickReadyClient", "Spares", "configure", "move_into"]

IOPUB_WAIT = 0.02  # seconds: a kernel answers kernel_info in about a millisecond once it runs
PORTS = {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5}


Process = subprocess.Popen[bytes] | ForkedKernel


@dataclass
class Spare:
    process: Process
    connection_file: Path
    info: dict[str, Any]
    folder: Path


class Spares:
    """One worker's spare kernel: `argv` is the kernelspec's command, with `{connection_file}` in it; `template`,
    where given, forks it instead."""

    def __init__(
        self, argv: list[str], *, folders: Path, sockets: Path, runtime: Path, template: KernelTemplate | None = None
    ):
        self.argv, self.folders, self.sockets, self.runtime = argv, folders, sockets, runtime
        self.template = template
        self._numbers = itertools.count(1)
        self._spare: Spare | None = None

    def start(self) -> None:
        """Start the next spare (returns at once: the kernel starts while the caller goes on)."""
        number = next(self._numbers)
        folder, sockets = self.folders / f"kernel-{number}", self.sockets / f"k{number}"
        folder.mkdir(parents=True)
        sockets.mkdir(parents=True)
        key = secrets.token_hex(32)
        info: dict[str, Any] = {"transport": "ipc", "ip": str(sockets / "kernel"), **PORTS}
        info.update(signature_scheme="hmac-sha256", key=key)
        connection_file = self.runtime / f"kernel-coursekit-{number}.json"
        connection_file.write_text(json.dumps(info))
        connection_file.chmod(0o600)
        process = self._fork(connection_file, folder, sockets) or self._launch(connection_file, folder)
        self._spare = Spare(process, connection_file, {**info, "key": key.encode()}, folder)

    def _fork(self, connection_file: Path, folder: Path, sockets: Path) -> ForkedKernel | None:
        if self.template is None:
            return None
        try:
            return self.template.fork(connection_file=connection_file, folder=folder, sockets=sockets)
        except TemplateUnavailable as error:
            print(f"coursekit: a kernel starts on its own: {error}", file=sys.stderr, flush=True)
            return None

    def _launch(self, connection_file: Path, folder: Path) -> subprocess.Popen[bytes]:
        argv = [part.replace("{connection_file}", str(connection_file)) for part in self.argv]
        env = {**os.environ, "JPY_PARENT_PID": str(os.getpid())}
        # stdin: not the worker's, on which its requests arrive
        return subprocess.Popen(argv, cwd=folder, env=env, stdin=subprocess.DEVNULL, start_new_session=True)

    def take(self) -> Spare:
        """The spare kernel, started now if there is none or it died."""
        if self._spare is None or self._spare.process.poll() is not None:
            self._discard()
            self.start()
        spare, self._spare = self._spare, None
        assert spare is not None
        return spare

    def _discard(self) -> None:
        if self._spare is not None:
            stop(self._spare.process)
            shutil.rmtree(self._spare.folder, ignore_errors=True)
            self._spare = None

    def close(self) -> None:
        self._discard()
        if self.template is not None:
            self.template.close()


def stop(process: Process) -> None:
    """End a kernel that never ran a notebook: its whole session, at once."""
    if isinstance(process, ForkedKernel):
        process.kill()  # the first process of its own PID namespace: the rest ends with it
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def move_into(spare_folder: Path, folder: Path) -> None:
    """Give `spare_folder` the name and the files of `folder` (both on one file system). On failure `folder` gets
    back what had moved, so the kernel started for it instead finds every file."""
    moved: list[str] = []
    try:
        for entry in folder.iterdir():
            entry.rename(spare_folder / entry.name)
            moved.append(entry.name)
        folder.rmdir()
        spare_folder.rename(folder)
    except OSError:
        folder.mkdir(exist_ok=True)
        for name in moved:
            (spare_folder / name).rename(folder / name)
        raise


_spares: Spares | None = None


def configure(spares: Spares | None) -> None:
    """Set the worker's spares (None: kernels start when asked, as with jupyter_client's own provisioner)."""
    global _spares
    _spares = spares


class PrestartedProvisioner(LocalProvisioner):
    """Hands nbgrader the worker's spare kernel, moved into the notebook's folder, and starts the next one.

    Where that cannot be done (no spares configured, extra kernel arguments, a folder on another file system) it
    starts the kernel as jupyter_client's LocalProvisioner does."""

    _taken: Spare | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        km = self.parent
        if _spares is None or km is None or kwargs.get("extra_arguments") or not kwargs.get("cwd"):
            return await super().pre_launch(**kwargs)
        spare = _spares.take()
        try:
            move_into(spare.folder, Path(kwargs["cwd"]))
        except OSError:  # another file system, say: this notebook gets a kernel started for it
            stop(spare.process)
            shutil.rmtree(spare.folder, ignore_errors=True)
            return await super().pre_launch(**kwargs)
        self._taken = spare
        km.connection_file = str(spare.connection_file)
        km.load_connection_info(spare.info)
        km._connection_file_written = True  # so the manager removes it when the kernel ends
        self.connection_info = km.get_connection_info()
        kwargs.pop("extra_arguments", None)
        return await super(LocalProvisioner, self).pre_launch(cmd=spare.process.args, **kwargs)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        spare = self._taken
        if spare is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process, self.pid = spare.process, spare.process.pid  # type: ignore[assignment]
        # a forked kernel is signalled through its pidfd, never by a process group ID that could be reused
        self.pgid = None if isinstance(spare.process, ForkedKernel) else os.getpgid(spare.process.pid)
        assert _spares is not None
        _spares.start()  # the next notebook's kernel, starting while this one runs
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        await super().kill(restart)
        if self.process is not None:  # reaped now, so the manager's first check finds it gone, not 0.1 s later
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=1)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart)
        if self._taken is not None:  # its socket files are gone by now; a cohort would leave a folder each
            with contextlib.suppress(OSError):
                Path(self._taken.info["ip"]).parent.rmdir()


class QuickReadyClient(AsyncKernelClient):
    """jupyter_client's kernel client, noticing in milliseconds that a kernel started ahead is ready.

    `wait_for_ready` asks for kernel_info until IOPub too delivers a message. IOPub subscribes a moment after
    the channels open, so the status sent with the first reply is usually missed, and jupyter_client asks again
    only after waiting 0.2 s for it: a fifth of a second per notebook. This asks again after 20 ms.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=IOPUB_WAIT)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(reply)
                        return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")  # jupyter_client's words
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
