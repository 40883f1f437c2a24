"""The grading kernelspec and the nbgrader settings that select it, plus a check that the sandbox runs here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import coursekit

__all__ = [
    "GRADING_KERNEL",
    "PROVISIONER",
    "SandboxUnavailable",
    "check_sandbox",
    "kernel_argv",
    "readonly_paths",
    "sandbox_config",
    "scratch_parent",
]

GRADING_KERNEL = "coursekit-grading"
PROVISIONER = "coursekit-prestarted"  # coursekit.autograde.sandbox.prestart, by its entry point in pyproject.toml


# A Unix socket's path holds at most 107 bytes. Below a grading run's scratch folder, kernels' sockets add
# /coursekit-kernels-XXXXXXXX/ipc/k<number>/kernel-<n>: 60 bytes leaves room for a million kernels per worker.
SOCKET_PATH_MAX = 107
SOCKET_TAIL = 60


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces on this machine."""


def scratch_parent() -> str:
    """Where a grading run's scratch folder goes: the system's temporary folder (TMPDIR), unless its path is so
    long that kernels' socket paths below it would not fit (ZeroMQ then refuses every kernel); /tmp then."""
    base = tempfile.gettempdir()
    return base if len(os.fsencode(base)) + SOCKET_TAIL <= SOCKET_PATH_MAX else "/tmp"


def readonly_paths() -> list[str]:
    """What the kernel must read: the Python installation, this environment and the coursekit package."""
    package_root = Path(coursekit.__file__).resolve().parent.parent
    paths = {sys.base_prefix, sys.prefix, str(package_root)}
    return sorted(str(Path(p).resolve()) for p in paths)


def check_sandbox() -> None:
    """Raise SandboxUnavailable, saying why, unless bubblewrap can run a program in fresh namespaces here."""
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable("bubblewrap (bwrap) is not installed: apt-get install bubblewrap")
    probe = ["bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    result = subprocess.run(probe, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SandboxUnavailable(f"bubblewrap cannot create namespaces here: {result.stderr.strip()}")


def sandbox_config(
    home: Path, *, sandboxed: bool = True, memory_mb: int = 2048, processes: int = 256, file_mb: int = 64
) -> tuple[dict[str, Any], dict[str, str]]:
    """nbgrader config and environment for a grading worker's kernels, with their files in `home`.

    Returns (config overrides, environment variables). The kernelspec is written under `home` (a private
    folder the caller makes and removes), which goes on JUPYTER_PATH; connection files go in `home/runtime`.
    Every command starts with `python -I`, so nothing in the graded folder (a submitted `coursekit/` or
    `json.py`) is importable, not even by the launcher. Kernels talk over IPC sockets in `home/ipc`: the sandbox
    has no network to reach a TCP port, and socket files cannot be taken by another kernel as a port can. The
    kernelspec names coursekit's provisioner, which hands each notebook a kernel started ahead (`prestart`).
    """
    spec = home / "kernels" / GRADING_KERNEL
    spec.mkdir(parents=True)
    (home / "runtime").mkdir()
    if sandboxed:
        argv = [sys.executable, "-I", "-m", "coursekit.autograde.sandbox.launcher", "{connection_file}"]
    else:
        argv = [sys.executable, "-I", "-m", "coursekit.autograde.sandbox.kernel", "-f", "{connection_file}"]
        argv += ["--InteractiveShellApp.ignore_cwd=True"]
    kernel: dict[str, Any] = {"argv": argv, "display_name": "Python 3 (grading)", "language": "python"}
    kernel["metadata"] = {"kernel_provisioner": {"provisioner_name": PROVISIONER}}
    if sandboxed:
        kernel["interrupt_mode"] = "message"  # signals would stop at bubblewrap, not reach the kernel
    (spec / "kernel.json").write_text(json.dumps(kernel))
    sockets = home / "ipc"
    sockets.mkdir()
    config: dict[str, Any] = {
        "Execute": {"kernel_name": GRADING_KERNEL},
        "KernelManager": {"transport": "ipc", "ip": str(sockets / "kernel")},
    }
    # connection files in `home` too: private to the worker, and every kernel's command line names `home`, by
    # which a run finds any kernel a killed worker left (coursekit.autograde.strays)
    env = {"JUPYTER_PATH": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    if sandboxed:
        settings = {"readonly": readonly_paths(), "memory_mb": memory_mb, "processes": processes, "file_mb": file_mb}
        env["COURSEKIT_SANDBOX"] = json.dumps(settings)
    return config, env


def kernel_argv(home: Path) -> list[str]:
    """The command of the grading kernelspec `sandbox_config` wrote under `home`."""
    spec = json.loads((home / "kernels" / GRADING_KERNEL / "kernel.json").read_text())
    return [str(part) for part in spec["argv"]]
