"""The sandbox kernelspec and the nbgrader settings that select it, plus a check that the sandbox runs here."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import coursekit

__all__ = ["SANDBOX_KERNEL", "SandboxUnavailable", "check_sandbox", "readonly_paths", "sandbox_config"]

SANDBOX_KERNEL = "coursekit-sandbox"


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces on this machine."""


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
    *, memory_mb: int = 2048, processes: int = 256, file_mb: int = 64
) -> tuple[dict[str, Any], dict[str, str]]:
    """nbgrader config and environment for a grading worker whose kernels run sandboxed.

    Returns (config overrides, environment variables). The kernelspec lives in a private temporary folder
    added to JUPYTER_PATH; kernels talk over IPC sockets in another private folder, since the sandbox has
    no network to reach a TCP port.
    """
    home = Path(tempfile.mkdtemp(prefix="coursekit-sandbox-"))
    spec = home / "kernels" / SANDBOX_KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "coursekit.sandbox.launcher", "{connection_file}"],
                "display_name": "Python 3 (grading sandbox)",
                "language": "python",
                "interrupt_mode": "message",  # signals would stop at bubblewrap, not reach the kernel
            }
        )
    )
    sockets = home / "ipc"
    sockets.mkdir()
    config = {
        "Execute": {"kernel_name": SANDBOX_KERNEL},
        "KernelManager": {"transport": "ipc", "ip": str(sockets / "kernel")},
    }
    settings = {"readonly": readonly_paths(), "memory_mb": memory_mb, "processes": processes, "file_mb": file_mb}
    env = {"JUPYTER_PATH": str(home), "COURSEKIT_SANDBOX": json.dumps(settings)}
    return config, env
