"""The in-process rate-limit store of the embedded profile, where a single process serves every request."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from photogram.core.ratelimit.store import RateLimitStore


@dataclass(slots=True)
class _Window:
    start: int
    end: int
    hits: int


class LocalRateLimitStore(RateLimitStore):
    """Keep the counters in a dict guarded by a lock, dropping those whose window has ended."""

    def __init__(self, *, purge_threshold: int = 10_000) -> None:
        # Purging whenever the dict has doubled since the last purge keeps it within twice the live keys
        # (plus the threshold) at an amortised constant cost per new key.
        self._purge_threshold = purge_threshold
        self._purge_at = purge_threshold
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def _add(self, key: str, window_start: int, window_seconds: int, cost: int) -> tuple[int, int]:
        with self._lock:
            window = self._windows.get(key)
            if window is None or window.start < window_start:
                if window is None and len(self._windows) >= self._purge_at:
                    self._purge()
                window = self._windows[key] = _Window(window_start, window_start + window_seconds, 0)
            window.hits += cost
            return window.start, window.hits

    def _count(self, key: str, window_start: int) -> tuple[int, int]:
        with self._lock:
            window = self._windows.get(key)
            if window is None or window.start < window_start:
                return window_start, 0
            return window.start, window.hits

    def _forget(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)

    def _purge(self) -> None:
        now = time.time()
        self._windows = {key: window for key, window in self._windows.items() if window.end > now}
        self._purge_at = max(self._purge_threshold, 2 * len(self._windows))
