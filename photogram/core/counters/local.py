"""The in-process counter store of the embedded profile (one process owns all the counts)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping, Sequence

from photogram.core.counters.store import CounterStore, CountSnapshot


class LocalCounterStore(CounterStore):
    """Keep snapshots in a dict, guarded by a lock so threads of the one process agree."""

    def __init__(self, ttl_seconds: int = 86400) -> None:
        super().__init__(ttl_seconds)
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, CountSnapshot]] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, CountSnapshot]:
        now = time.monotonic()
        found = {}
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is not None and entry[0] > now:
                    found[key] = entry[1]
        return found

    def offer_many(self, snapshots: Mapping[str, CountSnapshot]) -> None:
        now = time.monotonic()
        with self._lock:
            for key, snapshot in snapshots.items():
                entry = self._entries.get(key)
                if entry is None or entry[0] <= now or entry[1].version < snapshot.version:
                    self._entries[key] = (now + self.ttl_seconds, snapshot)

    def forget_many(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def forget_all(self) -> None:
        with self._lock:
            self._entries.clear()
