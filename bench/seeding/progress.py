"""A one-line progress bar with rate and time left, for long loads on a terminal (and plain lines in a log)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 28


def _duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Report `done` of `total` rows of one phase: on a terminal redrawn in place, elsewhere every 10 s."""

    def __init__(
        self, label: str, total: int, done: int = 0, *, unit: str = "rows", stream: TextIO | None = None
    ) -> None:
        self.label = label
        self.unit = unit
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = self.stream.isatty()
        self._started = time.monotonic()
        self._first = done
        self._last_draw = 0.0 if self.interactive else self._started
        self.done = done

    def update(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self._last_draw >= (0.2 if self.interactive else 10.0):
            self._last_draw = now
            self._draw(final=False)

    def finish(self) -> float:
        """Draw the last line and return the phase's seconds."""
        self._draw(final=True)
        return time.monotonic() - self._started

    def _draw(self, *, final: bool) -> None:
        elapsed = time.monotonic() - self._started
        rate = (self.done - self._first) / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        timing = f"in {_duration(elapsed)}" if final else f"ETA {_duration(left)}"
        line = f"{self.label:<16} [{bar}] {self.done:>10,}/{self.total:,} {rate:>9,.0f} {self.unit}/s {timing}"
        if self.interactive:
            self.stream.write("\r" + line + ("\n" if final else ""))
        elif final or self.done:
            self.stream.write(line + "\n")
        self.stream.flush()
