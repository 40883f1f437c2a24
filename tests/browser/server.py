"""A real JupyterLab or Notebook 7 server on a free loopback port, isolated from the user's Jupyter set-up."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

# Settings that make a headless run deterministic: no news or update checks (no network), no toast
# notifications that could cover a widget while it is dragged onto, and no autosave that could rewrite a
# notebook while a test hands its folder in (tests save with File ▸ Save Notebook, as students do).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
THEME_SETTINGS = "@jupyterlab/apputils-extension/themes.jupyterlab-settings"
MODULES = {"lab": "jupyterlab", "notebook": "notebook"}
APPS = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}


def server_command(app: str, port: int, root: Path, *, allow_root: bool) -> list[str]:
    """A Jupyter server on loopback at `port`, serving `root`, with no token, no port retries and no news.

    The page exposes the application as `window.jupyterapp` (as for JupyterLab's own UI tests), so tests can
    read the notebook's model where the page shows nothing, e.g. the execution count of a collapsed cell.
    """
    return [
        sys.executable, "-m", MODULES[app], "--no-browser", *(["--allow-root"] if allow_root else []),
        "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
        "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
        "--LabApp.news_url=None", f"--{APPS[app]}.expose_app_in_browser=True",
    ]  # fmt: skip


def free_port() -> int:
    """A TCP port nobody listens on right now, on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class JupyterServer:
    """One `jupyter lab` or `jupyter notebook` process serving `root`, with its state kept under `state`.

    It starts in `root`, as an instructor starts Jupyter in the course folder: nbgrader's formgrader reads the
    nbgrader_config.py of the folder the server started in. `theme` is a theme's name as the Settings menu
    shows it ("JupyterLab Dark"); by default the light theme.
    """

    def __init__(self, app: str, root: Path, state: Path, *, theme: str | None = None) -> None:
        self.app, self.root, self.state, self.theme = app, root, state, theme
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = state / "server.log"
        self._write_settings()
        scripts = str(Path(sys.executable).parent)  # kernels import coursekit; nbgrader runs `alembic`
        env = {
            **os.environ,
            "PATH": scripts + os.pathsep + os.environ.get("PATH", ""),
            "JUPYTER_CONFIG_DIR": str(state / "config"),
            "JUPYTER_RUNTIME_DIR": str(state / "runtime"),  # kernels' command lines name it: see leftovers()
            "JUPYTERLAB_SETTINGS_DIR": str(state / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
            "IPYTHONDIR": str(state / "ipython"),
        }
        command = server_command(app, self.port, root, allow_root=True)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_until_ready()

    def _write_settings(self) -> None:
        settings = {**SETTINGS, **({THEME_SETTINGS: {"theme": self.theme}} if self.theme else {})}
        for name, values in settings.items():
            path = self.state / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} exited at start; log:\n{self.log.read_text()}")
            with contextlib.suppress(OSError):
                self.api("GET", "/api/status")
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"jupyter {self.app} did not answer in {timeout} s; log:\n{self.log.read_text()}")

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API and return the decoded JSON body (None when empty)."""
        request = urllib.request.Request(self.url + path, method=method, data=b"" if method != "GET" else None)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def notebook_url(self, path: str, workspace: str) -> str:
        """Where a student opens a notebook; in JupyterLab a fresh workspace, so no earlier tab is restored."""
        if self.app == "lab":
            return f"{self.url}/lab/workspaces/{workspace}/tree/{path}"
        return f"{self.url}/notebooks/{path}"

    def shut_down_kernels(self, folder: str) -> None:
        """End the sessions (and their kernels) of notebooks in a folder, as closing them with shutdown does."""
        for session in self.api("GET", "/api/sessions"):
            if session["path"].startswith(folder.rstrip("/") + "/"):
                with contextlib.suppress(urllib.error.HTTPError):
                    self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self) -> None:
        """Shut the server and every kernel it started down; kill whatever does not stop in time."""
        try:
            started = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            started = []
        with contextlib.suppress(OSError):
            self.api("POST", "/api/shutdown")  # ends the kernels first, then the server
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        _, alive = psutil.wait_procs(started, timeout=5)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def leftovers(marker: str) -> list[psutil.Process]:
    """Processes, other than this one and its parents, whose command line mentions `marker` (a temp path)."""
    mine = {os.getpid(), *(parent.pid for parent in psutil.Process().parents())}
    found = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        if process.info["pid"] not in mine and marker in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found
