"""A Dask cluster started as an administrator starts one on other machines: a `dask scheduler` command and
`dask worker` commands, each a process of its own (here on loopback), stopped at the end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DaskCluster", "dask_cluster"]

DASK = str(Path(sys.executable).with_name("dask"))


@dataclass
class DaskCluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)


@contextmanager
def dask_cluster(
    folder: Path, *, workers: int, env: dict[str, str] | None = None, one_command: bool = False
) -> Iterator[DaskCluster]:
    """A scheduler on a free loopback port and `workers` worker processes (one thread each, no nanny, so that a
    killed worker stays dead); `env` replaces the workers' environment. `one_command`: the workers started as the
    README starts a machine's, by one `dask worker --nworkers N` command whose nannies start and watch them."""
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    log = (folder / "cluster.log").open("ab")
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    cluster = DaskCluster("", scheduler)
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() or not info.read_text().strip():
            assert scheduler.poll() is None and time.monotonic() < deadline, (folder / "cluster.log").read_text()
            time.sleep(0.2)
        cluster.address = json.loads(info.read_text())["address"]
        if one_command:
            command = [DASK, "worker", cluster.address, "--nworkers", str(workers), "--nthreads", "1"]
            command += ["--no-dashboard", "--local-directory", str(folder / "workers")]
            cluster.workers.append(subprocess.Popen(command, stdout=log, stderr=log, env=env, start_new_session=True))
        for number in range(0 if one_command else workers):
            cluster.workers.append(
                subprocess.Popen(
                    [DASK, "worker", cluster.address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
                    + ["--name", f"worker-{number}", "--local-directory", str(folder / f"worker-{number}")],
                    stdout=log,
                    stderr=log,
                    env=env,
                    start_new_session=True,
                )
            )
        wait_for_workers(cluster.address, workers)
        yield cluster
    finally:
        for process in [*cluster.workers, scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*cluster.workers, scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=30) as client:
        client.wait_for_workers(count, timeout=60)
