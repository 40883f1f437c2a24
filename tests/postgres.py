"""A real PostgreSQL server for the tests: Debian's, initialised into a temporary folder and run by an unprivileged
user (PostgreSQL refuses to run as root), on loopback, stopped when the session ends.

`make test` installs the server when it is missing (scripts/ensure-system-packages.sh). Each test that writes
takes a database of its own (`PostgresServer.new_database`), so tests share one server, never one gradebook.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

__all__ = ["PostgresServer", "running_postgres"]

SUPERUSER = "coursekit"
INSTALL = "run `make test` (it installs PostgreSQL), or `apt-get install postgresql`"


@dataclass(frozen=True)
class PostgresServer:
    port: int
    folder: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "gradebook") -> str:
        """A new empty database; returns its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def query(self, database_url: str, sql: str) -> list[Any]:
        engine = create_engine(database_url)
        with engine.connect() as connection:
            rows = list(connection.execute(text(sql)))
        engine.dispose()
        return rows


def _programs() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError(f"PostgreSQL's server (initdb) is not installed: {INSTALL}")
    return Path(initdb).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner(owner: str | None) -> dict[str, Any]:
    return {"user": owner, "group": pwd.getpwnam(owner).pw_gid, "extra_groups": []} if owner else {}


def running_postgres() -> Generator[PostgresServer, None, None]:
    """Start a server in a fresh folder; stop it and remove the folder when the generator is closed."""
    programs = _programs()
    folder = Path(tempfile.mkdtemp(prefix="coursekit-postgres-"))  # /tmp: reachable by the server's user
    owner = "nobody" if os.geteuid() == 0 else None
    if owner:
        os.chown(folder, pwd.getpwnam(owner).pw_uid, pwd.getpwnam(owner).pw_gid)
    run = _as_owner(owner)
    data, port = folder / "data", _free_port()
    subprocess.run(
        [programs / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "--no-sync", "-E", "UTF8"],
        check=True,
        capture_output=True,
        **run,
    )
    # the tests' data are thrown away: no disk syncs
    settings = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off"
    started = subprocess.run(
        [programs / "pg_ctl", "-D", data, "-l", folder / "server.log", "-o", settings, "-w", "-t", "60", "start"],
        capture_output=True,
        text=True,
        check=False,
        **run,
    )
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
    try:
        yield PostgresServer(port, folder)
    finally:
        subprocess.run(
            [programs / "pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True, check=False, **run
        )
        shutil.rmtree(folder, ignore_errors=True)
