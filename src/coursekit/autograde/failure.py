"""Why nbgrader could not grade a submission, in one line that names the cause and quotes no notebook code.

nbgrader's autograde ends a failure with "Please see the the above traceback": the real error is in the traceback
it logged before. The reason is dug out of that log. It is shown on the terminal and kept in
autograded/coursekit-status.json, so it must never quote code: a traceback from a hidden test quotes its key.
The full traceback goes to autograded/grading.log, which only the instructor reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["CELL_TIMEOUT", "GRADING_LOG", "failure_reason", "notebook_code", "one_line", "without_code"]

GRADING_LOG = "autograded/grading.log"
CELL_TIMEOUT = "a cell ran past the per-cell time limit (ExecutePreprocessor.timeout)"
_DEAD_KERNEL = "the kernel died (out of memory, or the code crashed it)"
_NOT_JSON = "the notebook is corrupted: it is not valid notebook JSON"
# (text found in nbgrader's error or log, the reason shown to the instructor)
_KNOWN_FAILURES = [
    ("CellTimeoutError", CELL_TIMEOUT),
    ("Timeout waiting for", CELL_TIMEOUT),
    ("DeadKernelError", _DEAD_KERNEL),
    ("Kernel died", _DEAD_KERNEL),
    (
        "became unresponsive",
        "the kernel stopped responding and could not be interrupted (an endless loop eating memory, most often)",
    ),
    ("NotJSONError", _NOT_JSON),
    ("Notebook does not appear to be JSON", _NOT_JSON),
    ("UnicodeDecodeError", "the notebook is corrupted: it is not UTF-8 text"),
    ("ValidationError", "the notebook is corrupted: it does not follow the notebook format"),
    ("No notebooks were matched", "no notebook for this chapter in the submission"),
    # nbgrader's own handler of an unreadable timestamp fails (CourseDirectory has no `fail`): name the file
    (
        "get_existing_timestamp",
        "timestamp.txt does not hold a date nbgrader can read: fix or delete it, then grade again",
    ),
]
_MAX = 300
_LEVEL = re.compile(r"^\[(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\] ")
_HEADER = "Traceback (most recent call last):"
_DURING = "During handling of the above exception, another exception occurred:"
_CAUSE = "The above exception was the direct cause of the following exception:"
_EXCEPTION = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::\s?(?P<message>.*))?$")
_NOISE = ("Please see the", "There was an error processing")  # nbgrader's wrappers, which name no cause
_SHORTEST_CODE = 8  # shorter code lines ("pass", "x = 1") are as likely in any message
_QUOTED = 24  # this many characters of a code line in a message are a quote, not chance
_HIDDEN_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "key=")


def one_line(text: str, limit: int = _MAX) -> str:
    """The first non-empty line of `text`, at most `limit` characters."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def failure_reason(error: str, log: str) -> str:
    """A one-line reason for a failed autograde, from nbgrader's error (a traceback) and its captured log."""
    text = f"{error}\n{log}"
    for marker, reason in _KNOWN_FAILURES:
        if marker in text:
            return reason
    for source in (log, error):  # the log holds the traceback of the real error; the error, nbgrader's wrapper
        cause = _cause_in(source)
        if cause:
            return one_line(cause)
    logged = [_LEVEL.sub("", line) for line in log.splitlines() if line.startswith(("[ERROR] ", "[CRITICAL] "))]
    named = [line for line in logged if not line.startswith(_NOISE)]
    if named:
        return one_line(named[0])
    last = error.strip().splitlines()[-1] if error.strip() else ""
    if last and not any(words in last for words in _NOISE):
        return one_line(last)
    return f"nbgrader autograde failed without naming the cause; its traceback and log are in {GRADING_LOG}"


def _cause_in(text: str) -> str:
    """'Type: message' of the exception that caused the last failure traced in `text`, or ''."""
    chains: list[list[tuple[str, str]]] = []  # each: (how it follows the one before, "Type: message")
    lines = [_LEVEL.sub("", line) for line in text.splitlines()]
    link = ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped in (_DURING, _CAUSE):
            link = stripped
        elif stripped == _HEADER:
            found = _exception_after(lines, index + 1)
            if found and not _is_noise(found):
                if link and chains:
                    chains[-1].append((link, found))
                else:
                    chains.append([("", found)])
            link = ""
    if not chains:
        return ""
    chain = chains[-1]
    # an exception raised while handling another (often a bug in the handler) hides the one that was the cause
    position = len(chain) - 1
    while position > 0 and chain[position][0] == _DURING:
        position -= 1
    return chain[position][1]


def _exception_after(lines: list[str], start: int) -> str:
    """The exception line ending the traceback whose frames start at `start`: the first line less indented
    than its frames."""
    frame_indent = None
    for line in lines[start:]:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if frame_indent is None:
            if not line.lstrip().startswith("File "):
                return ""
            frame_indent = indent
        elif indent < frame_indent:
            match = _EXCEPTION.match(line.strip())
            if not match:
                return ""
            message = (match.group("message") or "").strip()
            return f"{match.group('type').rsplit('.', 1)[-1]}: {message}" if message else match.group("type")
    return ""


def _is_noise(exception: str) -> bool:
    return exception.startswith("NbGraderException") and any(words in exception for words in _NOISE)


def notebook_code(notebook: Path) -> frozenset[str]:
    """The code lines of a notebook's code cells (hidden tests included), stripped; none if it cannot be read."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, TypeError, KeyError):
        return frozenset()
    lines: set[str] = set()
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines.update(line.strip() for line in text.splitlines() if len(line.strip()) >= _SHORTEST_CODE)
    return frozenset(lines)


def without_code(reason: str, code: frozenset[str]) -> str:
    """`reason`, unless it quotes a hidden test or `code` (a whole line, or a stretch of one cut short): then only
    the error's type is kept."""
    stretches = {reason[start : start + _QUOTED] for start in range(max(0, len(reason) - _QUOTED + 1))}
    quoted = any(line in reason for line in code) or any(part in line for line in code for part in stretches)
    if not quoted and not any(marker in reason for marker in _HIDDEN_MARKERS):
        return reason
    head = reason.split(":", 1)[0]
    error = head if re.fullmatch(r"[A-Za-z_]\w*", head) else "an error"
    return f"{error} while grading; its message quotes the notebook's code, so it is only in {GRADING_LOG}"
