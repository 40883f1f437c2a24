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
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

__all__ = ["failure_reason", "main"]

CELL_TIMEOUT = "a cell ran past the per-cell time limit (ExecutePreprocessor.timeout)"
# (text found in nbgrader's error or log, the reason shown to the instructor)
_KNOWN_FAILURES = [
    ("CellTimeoutError", CELL_TIMEOUT),
    ("Timeout waiting for", CELL_TIMEOUT),
    ("DeadKernelError", "the kernel died (out of memory, or the code crashed it)"),
    ("Kernel died", "the kernel died (out of memory, or the code crashed it)"),
    ("NotJSONError", "the notebook is corrupted: it is not valid notebook JSON"),
    ("Notebook does not appear to be JSON", "the notebook is corrupted: it is not valid notebook JSON"),
    ("UnicodeDecodeError", "the notebook is corrupted: it is not UTF-8 text"),
    ("ValidationError", "the notebook is corrupted: it does not follow the notebook format"),
    ("No notebooks were matched", "no notebook for this chapter in the submission"),
]


_ERROR_LINE = re.compile(r"^\s*[\w.]*(?:Error|Exception): .+$", re.MULTILINE)


def failure_reason(error: str, log: str) -> str:
    """A one-line, human-readable reason for a failed autograde."""
    text = f"{error}\n{log}"
    for marker, reason in _KNOWN_FAILURES:
        if marker in text:
            return reason
    # nbgrader's own exception only says "see the above traceback": the real error line is in its log
    errors = [m.group(0) for m in _ERROR_LINE.finditer(text) if "NbGraderException" not in m.group(0)]
    if errors:
        return errors[-1].strip()[:300]
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "nbgrader autograde failed (see autograded/grading.log)"


# A kernel that dies before its first reply ran no cell of the submission. Two kernels started at once on one
# machine can be given the same free port by jupyter_client, and the second to bind it exits: start it again.
STARTUP_DEATH = "Kernel died before replying to kernel_info"
STARTS = 3


def grade(api: Any, chapter: str, student: str) -> dict[str, Any]:
    for _ in range(STARTS):
        result = api.autograde(chapter, student, force=True, create=True)
        if result.get("success") or STARTUP_DEATH not in f"{result.get('error', '')}{result.get('log', '')}":
            break
    log = result.get("log", "")
    if result.get("success"):
        if "No notebooks were matched" in log or "No such file" in log:
            return {"ok": False, "reason": "no notebook for this chapter in the submission"}
        return {"ok": True, "reason": ""}
    reason = failure_reason(result.get("error", ""), log)
    return {"ok": False, "reason": reason, "timed_out": reason == CELL_TIMEOUT}


def serve(course_root: str, requests: TextIO, replies: TextIO, *, sandbox: bool, kernels: Path) -> None:
    """Grade each request read from `requests`, answering on `replies`; kernel files go in `kernels`."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    from coursekit.autograde.sandbox import sandbox_config
    from coursekit.course import Course

    config = Course.at(course_root).config()
    overrides, env = sandbox_config(kernels, sandboxed=sandbox)
    config.merge(Config(overrides))
    os.environ.update(env)  # kernels inherit it: where the kernelspec is, and the sandbox settings
    api = NbGraderAPI(config=config)
    for line in requests:
        request = json.loads(line)
        try:
            reply = grade(api, request["chapter"], request["student"])
        except Exception as error:  # one submission's failure must not end the worker
            reply = {"ok": False, "reason": f"{type(error).__name__}: {error}"[:300]}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


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
    # Removed when the worker ends; a worker killed at its time limit leaves it in --scratch, which the run
    # that started it removes.
    with tempfile.TemporaryDirectory(prefix="coursekit-kernels-", dir=arguments.scratch) as kernels:
        serve(arguments.course_root, sys.stdin, replies, sandbox=not arguments.no_sandbox, kernels=Path(kernels))


if __name__ == "__main__":
    main()
