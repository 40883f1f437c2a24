"""The sandboxed kernel's command: wraps ipykernel, or a worker's kernel template, in bubblewrap.

Jupyter starts it (kernel.json: `python -m coursekit.autograde.sandbox.launcher {connection_file}`) in the folder of the
notebook being graded. Inside the sandbox the kernel sees the system's programs and libraries, the Python
environment read-only, its connection file, the IPC socket folder and the submission folder, which alone is
writable; no network, no home folder, no course folder, no other submission. Settings come from the
COURSEKIT_SANDBOX environment variable (JSON) set by the grading worker.

`--template FD HOME FOLDERS` starts a worker's kernel template (`template`) instead, in the same sandbox but
seeing the worker's connection files (read-only), socket folders and spare kernels' folders, and keeping its
capabilities inside a user namespace of its own, with which each kernel it forks narrows its view to its own.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from coursekit.autograde.sandbox.limits import apply_limits, join_pids_cgroup, remove_cgroup

__all__ = ["bwrap_command", "main", "template_command"]

PR_SET_PDEATHSIG = 1
SYSTEM_DIRS = ["/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin"]


def _sandbox(readonly: list[str], *, template: bool = False) -> list[str]:
    """bubblewrap's options for what every sandboxed kernel sees: the system and Python read-only, a private /tmp."""
    command = ["bwrap", "--die-with-parent", "--new-session", "--unshare-all"]
    # a user namespace of its own holds the template's capabilities: they reach nothing outside the sandbox
    command += ["--unshare-user", "--cap-add", "ALL"] if template else ["--cap-drop", "ALL"]
    # the private /tmp comes first: mounted after a bind, it would hide a project or course kept under /tmp
    command += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path in SYSTEM_DIRS:
        command += ["--ro-bind-try", path, path]
    for path in readonly:
        command += ["--ro-bind", path, path]
    return command


def _environment() -> list[str]:
    command = ["--clearenv", "--setenv", "HOME", "/tmp", "--setenv", "PATH", "/usr/bin:/bin"]
    return command + ["--setenv", "MPLBACKEND", "Agg", "--setenv", "PYTHONDONTWRITEBYTECODE", "1"]


def bwrap_command(*, connection_file: Path, folder: Path, readonly: list[str], python: str) -> list[str]:
    """The bubblewrap command line running ipykernel for one notebook."""
    ipc_folder = Path(json.loads(connection_file.read_text())["ip"]).parent
    command = _sandbox(readonly)
    command += ["--ro-bind", str(connection_file), str(connection_file)]
    command += ["--bind", str(ipc_folder), str(ipc_folder), "--bind", str(folder), str(folder), "--chdir", str(folder)]
    # -I: neither the working folder nor PYTHON* variables reach sys.path, so a submitted module cannot
    # shadow a real package; IPython adds the working folder unless told not to.
    command += [*_environment(), python, "-I", "-m", "coursekit.autograde.sandbox.kernel", "-f", str(connection_file)]
    command += ["--InteractiveShellApp.ignore_cwd=True", "--HistoryManager.enabled=False"]
    return command


def template_command(*, descriptor: int, home: Path, folders: Path, settings: str, python: str) -> list[str]:
    """The bubblewrap command line running a worker's kernel template (`home`: the worker's kernel files)."""
    runtime, sockets = home / "runtime", home / "ipc"
    command = _sandbox(json.loads(settings)["readonly"], template=True)
    command += ["--ro-bind", str(runtime), str(runtime), "--bind", str(sockets), str(sockets)]
    command += ["--bind", str(folders), str(folders), "--chdir", str(folders)]
    command += [*_environment(), "--setenv", "COURSEKIT_SANDBOX", settings]
    return command + [python, "-I", "-m", "coursekit.autograde.sandbox.template", str(descriptor), str(home)]


def die_with_parent(parent: int | None = None) -> None:
    """Be killed when the parent process (`parent`, by default the current one) dies.

    Jupyter starts kernels in a session of their own, so a worker killed at its time limit would otherwise leave
    this launcher, and the sandbox under it, running. bubblewrap's own --die-with-parent takes effect only once
    it has set up the sandbox; the same request made before it starts leaves no moment in which the launcher can
    die and bubblewrap live on.
    """
    parent = os.getppid() if parent is None else parent
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def main() -> int:
    die_with_parent()
    settings = json.loads(os.environ["COURSEKIT_SANDBOX"])
    group = join_pids_cgroup(f"kernel-{os.getpid()}", settings["processes"])
    apply_limits(memory_mb=settings["memory_mb"], processes=settings["processes"], file_mb=settings["file_mb"])
    if sys.argv[1] == "--template":  # a template's forks share its group and its process cap
        descriptor, home, folders = int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
        command = template_command(
            descriptor=descriptor,
            home=home,
            folders=folders,
            settings=os.environ["COURSEKIT_SANDBOX"],
            python=sys.executable,
        )
        descriptors: tuple[int, ...] = (descriptor,)
    else:
        command = bwrap_command(
            connection_file=Path(sys.argv[1]).resolve(),
            folder=Path.cwd(),
            readonly=settings["readonly"],
            python=sys.executable,
        )
        descriptors = ()
    kernel = subprocess.Popen(command, pass_fds=descriptors, preexec_fn=functools.partial(die_with_parent, os.getpid()))
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(stop, lambda signum, frame: kernel.send_signal(signum))
    code = kernel.wait()
    remove_cgroup(group)
    return code


if __name__ == "__main__":
    sys.exit(main())
