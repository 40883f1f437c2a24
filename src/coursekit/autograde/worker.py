"""A grading worker process: autogrades one submission at a time with nbgrader's Python API.

Started by `coursekit grade` as `python -m coursekit.autograde.worker COURSE_ROOT [--no-sandbox] [--scratch DIR]`.
It reads one JSON request per line on stdin ({"chapter", "student"}) and answers one JSON line on stdout ({"ok",
"reason"}). Importing nbgrader costs seconds, so a worker lives for many submissions; the parent kills it when
one runs too long.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from coursekit.autograde.failure import CELL_TIMEOUT, failure_reason, one_line
from coursekit.autograde.sandbox.kernelspec import scratch_parent

__all__ = ["SPARE_FOLDERS", "failure_reason", "grade", "log_failure", "main", "quicker_settings"]

# A kernel that dies before its first reply ran no cell of the submission. Two kernels started at once on one
# machine can be given the same free port by jupyter_client, and the second to bind it exits: start it again.
STARTUP_DEATH = "Kernel died before replying to kernel_info"
STARTS = 3
SPARE_FOLDERS = ".coursekit-kernels-"  # under autograded/; the run removes any a killed worker left


def grade(api: Any, chapter: str, student: str, log: TextIO | None = None) -> dict[str, Any]:
    """Autograde one submission; a failure's whole traceback and nbgrader log go to `log` (the grading log)."""
    for _ in range(STARTS):
        result = api.autograde(chapter, student, force=True, create=True)
        if result.get("success") or STARTUP_DEATH not in f"{result.get('error', '')}{result.get('log', '')}":
            break
    error, nbgrader_log = result.get("error", ""), result.get("log", "")
    if result.get("success"):
        if "No notebooks were matched" in nbgrader_log or "No such file" in nbgrader_log:
            reason = "no notebook for this chapter in the submission"
            log_failure(log or sys.stderr, f"{chapter}/{student}", reason, error, nbgrader_log)
            return {"ok": False, "reason": reason}
        return {"ok": True, "reason": ""}
    reason = failure_reason(error, nbgrader_log)
    log_failure(log or sys.stderr, f"{chapter}/{student}", reason, error, nbgrader_log)
    return {"ok": False, "reason": reason, "timed_out": reason == CELL_TIMEOUT}


def log_failure(log: TextIO, label: str, reason: str, error: str, nbgrader_log: str) -> None:
    """Write a failed submission's traceback and nbgrader's log, under its name, as one block: workers share the
    log file, and one write keeps their blocks whole."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    block = (
        f"===== {label}: not graded ({when}): {reason}\n"
        f"--- nbgrader's error:\n{error.rstrip() or '(none)'}\n"
        f"--- nbgrader's log:\n{nbgrader_log.rstrip() or '(empty)'}\n"
        f"===== end of {label}\n"
    )
    try:
        descriptor = log.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's StringIO)
        log.write(block)
        log.flush()
        return
    log.flush()
    data = block.encode("utf-8", errors="replace")
    while data:  # the log is opened for appending, so each write lands whole at its end
        data = data[os.write(descriptor, data) :]


def serve(course_root: str, requests: TextIO, replies: TextIO, *, sandbox: bool, kernels: Path) -> None:
    """Grade each request read from `requests`, answering on `replies`; kernel files go in `kernels`."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    from coursekit.autograde.sandbox import prestart, sandbox_config
    from coursekit.autograde.sandbox.forked import KernelTemplate
    from coursekit.autograde.sandbox.kernelspec import kernel_argv
    from coursekit.autograde.shared_engine import share_engines
    from coursekit.course import Course

    course = Course.at(course_root)
    config = course.config()
    overrides, env = sandbox_config(kernels, sandboxed=sandbox)
    config.merge(Config(overrides))
    config.merge(Config(quicker_settings(config)))
    os.environ.update(env)  # kernels inherit it: where the kernelspec is, and the sandbox settings
    share_engines()
    api = NbGraderAPI(config=config)
    course.autograded.mkdir(exist_ok=True)
    # beside the students' folders, so that a spare kernel's folder can be renamed into one of them
    folders = Path(tempfile.mkdtemp(prefix=SPARE_FOLDERS, dir=course.autograded))
    template = KernelTemplate(kernels, folders) if sandbox else None
    spares = prestart.Spares(
        kernel_argv(kernels), folders=folders, sockets=kernels / "ipc", runtime=kernels / "runtime", template=template
    )
    prestart.configure(spares)
    try:
        _serve(api, requests, replies, db_url=course.db_url, course_id=str(config.CourseDirectory.course_id))
    finally:
        spares.close()
        shutil.rmtree(folders, ignore_errors=True)


def quicker_settings(config: Any) -> dict[str, Any]:
    """nbgrader settings that grade the same, faster: the metadata check's schema checked once, a kernel's
    readiness noticed at once, and a kernel stopped at once when its notebook has run (it has nothing left to
    do, and a polite shutdown costs a poll)."""
    from nbgrader.converters import Autograde

    from coursekit.autograde.metadata_check import with_schema_once

    lists = {}
    for name in ("sanitize_preprocessors", "autograde_preprocessors"):
        current = config.Autograde[name] if name in config.Autograde else Autograde.class_traits()[name].default()
        lists[name] = with_schema_once(current)
    client = "coursekit.autograde.sandbox.prestart.QuickReadyClient"
    return {
        "Autograde": lists,
        "Execute": {"shutdown_kernel": "immediate"},
        "AsyncKernelManager": {"client_class": client},
    }


def _serve(api: Any, requests: TextIO, replies: TextIO, *, db_url: str, course_id: str) -> None:
    from coursekit.autograde.submission_lock import submission_lock

    for line in requests:
        request = json.loads(line)
        try:
            with submission_lock(db_url, course_id, request["chapter"], request["student"]):
                reply = grade(api, request["chapter"], request["student"])
        except Exception as error:  # one submission's failure must not end the worker
            reason = one_line(f"{type(error).__name__}: {error}")
            label = f"{request['chapter']}/{request['student']}"
            log_failure(sys.stderr, label, reason, traceback.format_exc(), "")
            reply = {"ok": False, "reason": reason}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def _end_with_parent() -> None:
    """Stop at once, kernels and all, when the process that started this worker dies (a Dask worker killed):
    nobody would read the reply, and the submission is graded again elsewhere."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGKILL)  # kernels follow by their parent-death signal

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m coursekit.autograde.worker")
    parser.add_argument("course_root")
    parser.add_argument("--no-sandbox", action="store_true")
    parser.add_argument("--scratch", default=None, help="folder for the kernel files (removed by the run)")
    return parser.parse_args(argv)


def main() -> None:
    arguments = parse_arguments(sys.argv[1:])
    # Replies use the original stdout; everything else anyone prints goes to stderr (the grading log).
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    os.chdir(arguments.course_root)
    _end_with_parent()
    # Removed when the worker ends; a worker killed at its time limit leaves it in --scratch, which the run
    # that started it removes.
    scratch = arguments.scratch or scratch_parent()
    with tempfile.TemporaryDirectory(prefix="coursekit-kernels-", dir=scratch) as kernels:
        serve(arguments.course_root, sys.stdin, replies, sandbox=not arguments.no_sandbox, kernels=Path(kernels))


if __name__ == "__main__":
    main()
