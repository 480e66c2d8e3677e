"""Ids made in Python, for databases that cannot run `photogram_next_id()` (SQLite on the embedded profile)."""

from __future__ import annotations

import itertools
import threading
import time

from photogram.core.ids.layout import PHOTOGRAM_EPOCH_MS, SEQUENCE_MODULUS, SHARD_COUNT, compose


class IdGenerator:
    """Make ids that strictly increase per shard within this process.

    Safe across threads. Two processes making ids for the same shard in the same millisecond may collide,
    which is why only the single-process embedded profile makes ids here; PostgreSQL makes them on `full`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[int, tuple[int, int]] = {}
        self._round_robin = itertools.count()

    def next_id(self, shard: int | None = None) -> int:
        """Return a new id in `shard`, or in the next shard in turn when the object has no owner."""
        with self._lock:
            if shard is None:
                shard = next(self._round_robin) % SHARD_COUNT
            elapsed_ms = self._now_ms()
            last_ms, last_sequence = self._last.get(shard, (-1, SEQUENCE_MODULUS - 1))
            # A clock that stepped back must not make an id smaller than one already given out.
            elapsed_ms = max(elapsed_ms, last_ms)
            if elapsed_ms == last_ms:
                sequence = last_sequence + 1
                if sequence == SEQUENCE_MODULUS:
                    # 1,024 ids in this millisecond already: the next one belongs to the next millisecond.
                    elapsed_ms = self._wait_past(last_ms)
                    sequence = 0
            else:
                sequence = 0
            self._last[shard] = (elapsed_ms, sequence)
            return compose(elapsed_ms, shard, sequence)

    @staticmethod
    def _now_ms() -> int:
        return time.time_ns() // 1_000_000 - PHOTOGRAM_EPOCH_MS

    def _wait_past(self, elapsed_ms: int) -> int:
        while (now := self._now_ms()) <= elapsed_ms:
            time.sleep(0.0001)
        return now


default_generator = IdGenerator()
