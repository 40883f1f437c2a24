"""The worker's side of the kernel template: kernels held by pidfd, and what happens when one cannot be forked."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from coursekit.autograde.sandbox import check_sandbox, sandbox_config
from coursekit.autograde.sandbox.forked import ForkedKernel, KernelTemplate, TemplateUnavailable
from coursekit.autograde.sandbox.prestart import Spares


def _held(*code: str) -> tuple[subprocess.Popen[bytes], ForkedKernel]:
    child = subprocess.Popen([sys.executable, "-c", *code])
    return child, ForkedKernel(os.pidfd_open(child.pid), ["child"])


def test_a_kernel_killed_through_its_pidfd_reports_the_signal() -> None:
    """Running, then killed: does the pidfd-held process say so, as Popen would?"""
    child, kernel = _held("import time; time.sleep(60)")
    assert (kernel.pid, kernel.poll()) == (child.pid, None)
    with pytest.raises(subprocess.TimeoutExpired):
        kernel.wait(timeout=0.05)
    kernel.kill()
    assert kernel.wait(timeout=10) == -signal.SIGKILL
    assert child.wait(timeout=10) == -signal.SIGKILL  # the real process, as its parent sees it
    kernel.terminate()  # ended: nothing to signal, no error
    assert kernel.poll() == -signal.SIGKILL


def test_a_kernel_that_ends_by_itself_reports_0() -> None:
    child, kernel = _held("pass")
    child.wait(timeout=30)
    assert kernel.wait(timeout=10) == 0


@pytest.fixture
def kernel_files(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A worker's kernel files (its sandbox settings in the environment) and a folder for spare kernels."""
    check_sandbox()
    home, folders = tmp_path / "kernels", tmp_path / "autograded" / ".coursekit-kernels-1"
    folders.mkdir(parents=True)
    _, env = sandbox_config(home)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    yield home, folders
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _connection(home: Path, name: str) -> tuple[Path, Path]:
    sockets = home / "ipc" / name
    sockets.mkdir()
    connection_file = home / "runtime" / f"{name}.json"
    connection_file.write_text(json.dumps({"transport": "ipc", "ip": str(sockets / "kernel")}))
    return connection_file, sockets


def test_a_fork_that_cannot_set_up_says_why_and_the_template_goes_on(kernel_files: tuple[Path, Path]) -> None:
    """A kernel asked for in a folder that is not there: is the reason given, and does the next fork work?"""
    home, folders = kernel_files
    template = KernelTemplate(home, folders)
    try:
        connection_file, sockets = _connection(home, "k1")
        with pytest.raises(TemplateUnavailable) as refused:
            template.fork(connection_file=connection_file, folder=folders / "gone", sockets=sockets)
        assert str(refused.value).startswith("error: a forked kernel could not set up its sandbox: FileNotFoundError")
        (folders / "kernel-2").mkdir()
        connection_file, sockets = _connection(home, "k2")
        kernel = template.fork(connection_file=connection_file, folder=folders / "kernel-2", sockets=sockets)
        assert kernel.poll() is None
        kernel.kill()
        assert kernel.wait(timeout=10) == -signal.SIGKILL
    finally:
        template.close()


def test_without_a_template_spares_start_alone_and_the_log_says_why(kernel_files: tuple[Path, Path]) -> None:
    """A template that cannot start (bubblewrap has no folder to bind): does each spare start on its own, the
    template not tried again, and the grading log say so?"""
    home, folders = kernel_files
    template = KernelTemplate(home, folders / "missing")
    stand_in = [sys.executable, "-c", "import time; time.sleep(60)", "{connection_file}"]
    spares = Spares(stand_in, folders=folders, sockets=home / "ipc", runtime=home / "runtime", template=template)
    log = io.StringIO()
    taken = []
    try:
        with redirect_stderr(log):
            taken.append(spares.take())
            spares.start()
            taken.append(spares.take())
        assert [type(spare.process) for spare in taken] == [subprocess.Popen, subprocess.Popen]
        why = "the kernel template ended with exit status 1 (kernels start on their own for the rest of this run)"
        assert log.getvalue().splitlines() == [f"coursekit: a kernel starts on its own: {why}"] * 2
    finally:
        spares.close()
        for spare in taken:
            spare.process.kill()
            spare.process.wait()
