"""The grading sandbox itself: hostile code run in a sandboxed kernel reaches nothing it should not."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager
from traitlets.config import Config

from coursekit.autograde.sandbox import GRADING_KERNEL, check_sandbox, prestart, sandbox_config
from coursekit.autograde.sandbox.forked import ForkedKernel, KernelTemplate
from coursekit.autograde.sandbox.kernelspec import kernel_argv
from coursekit.autograde.sandbox.prestart import Spares

FILE_MB = 1  # the largest file the module's kernel may write


class Kernel:
    def __init__(self, client: Any):
        self.client = client

    def run(self, code: str, timeout: float = 60) -> str:
        """Run code; return what it printed, and `Name: message` for an error."""
        self.client.execute(code)
        out = []
        while True:
            message = self.client.get_iopub_msg(timeout=timeout)
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                out.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder with a secret in source/ and a submission folder holding a shadowing module."""
    root = tmp_path_factory.mktemp("sandboxed") / "course"
    (root / "source").mkdir(parents=True)
    (root / "source" / "keys.txt").write_text("the secret key")
    (root / "gradebook.db").write_text("grades")
    folder = root / "autograded" / "mallory" / "ch01"
    folder.mkdir(parents=True)
    (folder / "json.py").write_text("SHADOWED = True\n")
    return root


@pytest.fixture(scope="module", params=["forked", "launched"])
def kernel(request: pytest.FixtureRequest, course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    """The submission's kernel as grading starts it: forked from a worker's template (as `coursekit grade` does)
    or started on its own by the kernelspec's command (where no template can fork one)."""
    check_sandbox()
    home = tmp_path_factory.mktemp("kernels")
    config, env = sandbox_config(home, memory_mb=1024, processes=64, file_mb=FILE_MB)
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    spares = None
    if request.param == "forked":
        folders = course / "autograded" / ".coursekit-kernels-test"
        folders.mkdir()
        runtime, sockets, template = home / "runtime", home / "ipc", KernelTemplate(home, folders)
        spares = Spares(kernel_argv(home), folders=folders, sockets=sockets, runtime=runtime, template=template)
    prestart.configure(spares)
    manager = KernelManager(kernel_name=GRADING_KERNEL, config=Config(config))
    manager.start_kernel(cwd=str(course / "autograded" / "mallory" / "ch01"))
    assert isinstance(manager.provisioner.process, ForkedKernel) is (spares is not None)  # type: ignore[union-attr]
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    try:
        yield Kernel(client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        prestart.configure(None)
        if spares is not None:
            spares.close()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_course_folder_gradebook_and_home_are_invisible(kernel: Kernel, course: Path) -> None:
    """Can the kernel read the keys in source/, the gradebook, or the instructor's home? (It must not.)"""
    paths = [str(course / "source" / "keys.txt"), str(course / "gradebook.db"), "/root/.bashrc", "/etc/passwd"]
    out = kernel.run(
        f"for p in {paths!r}:\n    try:\n        print(open(p).read())\n"
        "    except OSError as e:\n        print(type(e).__name__)"
    )
    assert "the secret key" not in out and "grades" not in out and "root:" not in out
    assert out.split() == ["FileNotFoundError"] * 4


def test_only_the_submission_folder_is_writable(kernel: Kernel, course: Path) -> None:
    """Does a write reach the host only in the kernel's own folder (never the course, nor the environment)?"""
    targets = [course / "autograded" / "other.txt", course / "source" / "x", Path(os.__file__ + ".x")]
    out = kernel.run(
        "open('mine.txt', 'w').write('ok')\n"
        f"for p in {[str(t) for t in targets]!r}:\n    try:\n        open(p, 'w').write('x')\n"
        "    except OSError as e:\n        print(type(e).__name__)"
    )
    assert "OSError" in out  # the environment is mounted read-only
    assert (course / "autograded" / "mallory" / "ch01" / "mine.txt").read_text() == "ok"
    assert [target for target in targets if target.exists()] == []


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A TCP server on the host's loopback, on a free port, accepting nothing until asked."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        yield server


def test_no_network(kernel: Kernel, listening: socket.socket) -> None:
    """Is there no network at all, not even the host's loopback? A server listening on the host's 127.0.0.1 is
    unreachable from the kernel (its loopback is its own, with nothing listening), reachable from outside."""
    port = listening.getsockname()[1]
    out = kernel.run(
        f"import socket\nfor address in [('127.0.0.1', {port}), ('1.1.1.1', 80)]:\n    try:\n"
        "        socket.create_connection(address, 5).close()\n        print('connected')\n"
        "    except OSError as e:\n        print(type(e).__name__, e.errno)\n"
        "print(sorted(name for _, name in socket.if_nameindex()))"
    )
    # refused, not timed out: the kernel's loopback is up and empty; no route anywhere else (an empty namespace)
    assert out.splitlines() == [
        f"ConnectionRefusedError {errno.ECONNREFUSED}",
        f"OSError {errno.ENETUNREACH}",
        "['lo']",
    ]
    with pytest.raises(BlockingIOError):
        listening.accept()  # nothing reached the server from the kernel
    with socket.create_connection(("127.0.0.1", port), 5):
        accepted, _ = listening.accept()  # the same connection from outside the sandbox gets through
        accepted.close()


def test_file_size_is_capped(kernel: Kernel, course: Path) -> None:
    """Is student code writing a file past the size limit stopped at the limit, the kernel living on?"""
    out = kernel.run(
        "try:\n    with open('huge.bin', 'wb') as f:\n"
        f"        f.write(bytes({2 * FILE_MB} * 1024 * 1024))\n    print('written')\n"
        "except OSError as e:\n    print(type(e).__name__, e.errno)"
    )
    assert out == f"OSError {errno.EFBIG}\n"
    assert (course / "autograded" / "mallory" / "ch01" / "huge.bin").stat().st_size == FILE_MB * 1024 * 1024
    assert kernel.run("print('alive')") == "alive\n"


def test_submitted_modules_cannot_shadow_packages(kernel: Kernel) -> None:
    """Does `import json` get the standard library even with a json.py in the graded folder?"""
    assert kernel.run("import json\nprint(hasattr(json, 'SHADOWED'), json.__file__.startswith('/tmp'))") == (
        "False False\n"
    )


def test_memory_is_capped(kernel: Kernel) -> None:
    """Does asking for more memory than the limit fail inside the kernel, which lives on?"""
    assert "MemoryError" in kernel.run("x = bytearray(2 * 1024**3)")
    assert kernel.run("print('alive')") == "alive\n"


def test_processes_are_capped(kernel: Kernel) -> None:
    """Is a fork bomb stopped at the process limit, leaving the kernel usable?"""
    out = kernel.run(
        "import os, time\nchildren = 0\ntry:\n    for _ in range(500):\n        if os.fork() == 0:\n"
        "            time.sleep(3)\n            os._exit(0)\n        children += 1\nexcept OSError as e:\n"
        "    print('stopped', type(e).__name__)\nprint(children)",
        timeout=120,
    )
    assert "stopped" in out
    assert int(out.split()[-1]) < 64
    kernel.run("import time; time.sleep(3.5); os.waitpid(-1, os.WNOHANG) if children else None")
    assert kernel.run("print('alive')") == "alive\n"


def test_paths_under_tmp_are_mounted_after_the_private_tmp(tmp_path: Path) -> None:
    """Is every bind mounted after the sandbox's own /tmp, so a project kept under /tmp stays visible?"""
    from coursekit.autograde.sandbox.launcher import bwrap_command, template_command

    connection = tmp_path / "kernel.json"
    connection.write_text('{"ip": "/tmp/sockets/kernel"}')
    command = bwrap_command(
        connection_file=connection, folder=tmp_path / "work", readonly=["/tmp/project/.venv"], python="python"
    )
    template = template_command(
        descriptor=3,
        home=Path("/tmp/kernels"),
        folders=Path("/tmp/course/autograded/.coursekit-kernels-1"),
        settings='{"readonly": ["/tmp/project/.venv"]}',
        python="python",
    )
    for words in (command, template):
        tmpfs = words.index("--tmpfs")
        binds = [i for i, word in enumerate(words) if word in ("--bind", "--ro-bind", "--ro-bind-try")]
        assert binds and min(binds) > tmpfs
