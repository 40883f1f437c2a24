"""The grading kernel ends by itself when asked to shut down, kernel after kernel in one grading process."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from jupyter_client.manager import AsyncKernelManager
from traitlets.config import Config

from coursekit.autograde.sandbox import GRADING_KERNEL, check_sandbox, sandbox_config

KERNELS = 6  # before the fix about every second sandboxed kernel stalled, so six clean exits are no accident


async def start_run_and_shut_down(config: Config, folder: Path) -> tuple[int | None, float]:
    """One kernel's life as nbclient leads it: start, run a cell, shut down with the client still connected.

    Returns the exit status of the kernel's process (the sandbox launcher) and how long the shutdown took.
    """
    manager = AsyncKernelManager(kernel_name=GRADING_KERNEL, config=config)
    await manager.start_kernel(cwd=str(folder))
    process = manager.provisioner.process  # type: ignore[union-attr]
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive("print('graded')", timeout=60, output_hook=lambda message: None)
        started = time.monotonic()
        await manager.shutdown_kernel(now=False)
        return process.returncode, time.monotonic() - started
    finally:
        client.stop_channels()


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandboxed", "unsandboxed"])
def test_each_kernel_exits_by_itself_at_shutdown(
    sandboxed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does every kernel exit with status 0 on shutdown_request, never waiting for jupyter_client's SIGTERM?

    jupyter_client waits 2.5 s for a kernel to exit, then sends SIGTERM: a kernel stopped that way exits with
    the signal's status (the launcher passes it on), and its notebook took 2.5 s longer to grade.
    """
    if sandboxed:
        check_sandbox()
    config, env = sandbox_config(tmp_path / "kernels", sandboxed=sandboxed)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "submission"
    folder.mkdir()

    async def lives() -> list[tuple[int | None, float]]:
        return [await start_run_and_shut_down(Config(config), folder) for _ in range(KERNELS)]

    results = asyncio.run(lives())
    statuses = [status for status, _ in results]
    took = ", ".join(f"{seconds:.1f} s" for _, seconds in results)
    assert statuses == [0] * KERNELS, f"exit statuses {statuses}, shutdowns took {took}"
    assert os.listdir(folder) == []
