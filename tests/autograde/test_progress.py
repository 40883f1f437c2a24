"""The progress line of a cohort run, on a terminal and in a log."""

from __future__ import annotations

import io

from coursekit.autograde.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_every_twentieth_and_each_problem() -> None:
    """In a log (not a terminal), is there a line per 5% of the run, the last one at 100%, and each note?"""
    stream = io.StringIO()
    progress = Progress(40, stream)
    for n in range(40):
        progress.advance("graded" if n != 7 else "failed", "ch01/student008: the kernel died" if n == 7 else "")
    progress.close()
    lines = stream.getvalue().splitlines()
    bars = [line for line in lines if line.startswith("[")]
    assert len(bars) == 20
    assert bars[-1].startswith("[" + "#" * 24 + "] 40/40  failed 1  graded 39")
    assert "left" not in bars[-1]
    assert "  ch01/student008: the kernel died" in lines
    assert "\r" not in stream.getvalue()


def test_a_terminal_line_is_redrawn_in_place_with_time_left() -> None:
    """On a terminal, is one line redrawn (carriage return) with counts and an estimate of the time left?"""
    stream = Terminal()
    progress = Progress(4, stream)
    progress.advance("graded")
    progress.advance("timed out", "ch01/s2: timed out")
    text = stream.getvalue()
    assert text.count("\r\033[K") == 2
    assert "2/4  graded 1  timed out 1" in text and "left" in text
    assert "\n  ch01/s2: timed out\n" in text
    progress.close()
    assert stream.getvalue().endswith("\n")


def test_an_empty_run_draws_an_empty_bar() -> None:
    """Does a run with nothing to grade give a readable line, not a division by zero?"""
    assert Progress(0, io.StringIO()).line().startswith("[" + "-" * 24 + "] 0/0")
