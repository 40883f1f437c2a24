"""The one-line reason for a failed autograde: dug out of nbgrader's log when its error only says "see the above
traceback", and never quoting a hidden test."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from coursekit.autograde.failure import failure_reason, notebook_code, one_line, without_code
from tiny_course import TINY_KEYS, tiny_notebook

# nbgrader 0.9's result for a chapter whose notebooks are not in the gradebook (its assignment added by a due date)
SEE_ABOVE = """Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/nbgrader/utils.py", line 542, in capture_log
    app.start()
  File "/venv/lib/python3.11/site-packages/nbgrader/converters/base.py", line 468, in convert_notebooks
    raise NbGraderException(msg)
nbgrader.converters.base.NbGraderException: Please see the the above traceback for details on the specific errors \
on the above failures.
"""
NO_NOTEBOOKS_LOG = """[INFO] Creating/updating student with ID 'student001': {}
[WARNING] Skipping unknown notebook: /course/submitted/student001/ch01/ch01.ipynb
[ERROR] No notebooks found, did you forget to run 'nbgrader generate_assignment'?
[ERROR] There was an error processing assignment: /course/submitted/student001/ch01
[ERROR] Traceback (most recent call last):
      File "/venv/lib/python3.11/site-packages/nbgrader/converters/base.py", line 386, in convert_notebooks
        self.init_assignment(gd['assignment_id'], gd['student_id'])
      File "/venv/lib/python3.11/site-packages/nbgrader/converters/autograde.py", line 154, in init_assignment
        raise NbGraderException(msg)
    nbgrader.converters.base.NbGraderException: No notebooks found, did you forget to run 'nbgrader \
generate_assignment'?

[WARNING] Removing failed assignment: /course/autograded/student001/ch01
[ERROR] There was an error processing assignment 'ch01' for student 'student001'
[ERROR] Please see the the above traceback for details on the specific errors on the above failures.
"""
# an error raised while handling another: the first is the cause, the second a slip in the handler
CHAINED_LOG = """[ERROR] There was an error processing assignment: /course/submitted/student001/ps1
[ERROR] Traceback (most recent call last):
      File "/venv/lib/python3.11/site-packages/coursekit/instructor/plugins/rubrics.py", line 40, in preprocess
        rubric = rubrics[grade_id]
                 ~~~~~~~^^^^^^^^^^
    KeyError: 'essay'

    During handling of the above exception, another exception occurred:

    Traceback (most recent call last):
      File "/venv/lib/python3.11/site-packages/nbgrader/converters/base.py", line 390, in convert_notebooks
        self.convert_single_notebook(notebook_filename)
      File "/venv/lib/python3.11/site-packages/coursekit/instructor/plugins/rubrics.py", line 42, in preprocess
        self.fail("no rubric")
        ^^^^^^^^^
    AttributeError: 'ShowRubrics' object has no attribute 'fail'

[ERROR] Please see the the above traceback for details on the specific errors on the above failures.
"""
DIRECT_CAUSE = """Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/nbformat/reader.py", line 10, in reads
    return json.loads(text)
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/coursekit/instructor/plugins/assignment_notebook.py", line 30, in read
    raise OSError("release/ps1/ps1.ipynb cannot be read") from error
OSError: release/ps1/ps1.ipynb cannot be read
"""


@pytest.mark.parametrize(
    ("error", "log", "reason"),
    [
        (SEE_ABOVE, NO_NOTEBOOKS_LOG, "NbGraderException: No notebooks found, did you forget to run 'nbgrader "),
        (SEE_ABOVE, CHAINED_LOG, "KeyError: 'essay'"),
        (DIRECT_CAUSE, "", "OSError: release/ps1/ps1.ipynb cannot be read"),
        (SEE_ABOVE, "[ERROR] the gradebook is locked by another process\n", "the gradebook is locked"),
        (SEE_ABOVE, "", "nbgrader autograde failed without naming the cause; its traceback and log are in autograded/"),
    ],
    ids=["traceback-in-log", "error-while-handling-an-error", "direct-cause", "logged-error-only", "nothing-else"],
)
def test_the_cause_is_dug_out_of_nbgraders_log(error: str, log: str, reason: str) -> None:
    """When nbgrader's error only points at "the above traceback", is the reason the error that caused it?"""
    found = failure_reason(error, log)
    assert found.startswith(reason)
    assert "\n" not in found and len(found) <= 300


def test_a_reason_is_one_line() -> None:
    """Is a message of many lines cut to its first, and a long one cut short?"""
    assert one_line("\n  ValueError: bad\n\nFailed validating 'x'\n") == "ValueError: bad"
    assert len(one_line("x" * 1000)) == 300


@pytest.fixture
def hidden_tests(tmp_path: Path) -> frozenset[str]:
    path = tmp_path / "ps1.ipynb"
    nbformat.write(tiny_notebook(), path)
    return notebook_code(path)


def test_a_reason_quoting_a_hidden_test_keeps_only_the_error_type(hidden_tests: frozenset[str]) -> None:
    """A message quoting a hidden test's line, or a stretch of one cut short, would show its key: is only the
    error's type kept, with where the whole message is?"""
    line = next(line for line in hidden_tests if TINY_KEYS[1] in line)
    for quoted in (f"ValueError: cannot read {line}", one_line(f"ValueError: cannot read {'x' * 250}{line}")):
        reason = without_code(quoted, hidden_tests)
        assert reason.startswith("ValueError while grading") and "autograded/grading.log" in reason
        assert not [key for key in TINY_KEYS if key in reason]
    assert without_code("RuntimeError: the kernel could not start", hidden_tests) == (
        "RuntimeError: the kernel could not start"
    )
