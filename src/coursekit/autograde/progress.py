"""A progress line for long runs: counts per outcome, elapsed time and an estimate of the time left."""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["Progress"]

BAR_WIDTH = 24


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Progress:
    """Redraws one line on a terminal; elsewhere (logs, CI) prints a line every 5% and on each problem."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream = total, stream
        self.done = 0
        self.counts: dict[str, int] = {}
        self.start = time.monotonic()
        self.live = stream.isatty()
        self._step = max(1, total // 20)

    def line(self) -> str:
        elapsed = time.monotonic() - self.start
        filled = BAR_WIDTH * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        counts = "  ".join(f"{status} {count}" for status, count in sorted(self.counts.items()))
        left = elapsed / self.done * (self.total - self.done) if self.done else 0.0
        estimate = f"  ~{_clock(left)} left" if self.done < self.total and self.done else ""
        return f"[{bar}] {self.done}/{self.total}  {counts}  {_clock(elapsed)} elapsed{estimate}"

    def advance(self, status: str, note: str = "") -> None:
        self.done += 1
        self.counts[status] = self.counts.get(status, 0) + 1
        if self.live:
            self.stream.write("\r\033[K" + self.line())
            if note:
                self.stream.write(f"\n  {note}\n")
        else:
            if note:
                self.stream.write(f"  {note}\n")
            if self.done % self._step == 0 or self.done == self.total:
                self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
