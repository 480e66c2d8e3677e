"""The rate-limit store interface: fixed-window hit counters.

Windows are aligned on multiples of their length since the epoch, so every process agrees on where a window
starts and ends, and the end is what Mastodon's X-RateLimit-Reset reports. A key names one limit: use it
always with the same window length.
"""

from __future__ import annotations

import abc
import math
import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimitResult:
    """The answer for one key: whether the hit was allowed, and the state of the current window."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: float

    @property
    def retry_after(self) -> int:
        """Return the whole seconds to wait before retrying: 0 when allowed, at least 1 otherwise."""
        if self.allowed:
            return 0
        return max(1, math.ceil(self.reset_at - time.time()))


class RateLimitStore(abc.ABC):
    """Count hits per key in fixed windows; a backend only stores and increments the counters."""

    def hit(self, key: str, limit: int, window_seconds: int, cost: int = 1) -> RateLimitResult:
        """Count a hit of `cost` against `key` and say whether it stays within `limit` for the window.

        A refused hit is counted too, so a client that keeps hammering stays refused until the window ends.
        """
        _check_key(key)
        _check_at_least_one(limit=limit, window_seconds=window_seconds, cost=cost)
        start, hits = self._add(key, _window_start(window_seconds), window_seconds, cost)
        return _result(limit, start + window_seconds, hits, allowed=hits <= limit)

    def peek(self, key: str, limit: int, window_seconds: int) -> RateLimitResult:
        """Answer without counting: `allowed` says whether a hit of cost 1 would be allowed now."""
        _check_key(key)
        _check_at_least_one(limit=limit, window_seconds=window_seconds)
        start, hits = self._count(key, _window_start(window_seconds))
        return _result(limit, start + window_seconds, hits, allowed=hits < limit)

    def reset(self, key: str) -> None:
        """Forget every hit counted against `key`."""
        _check_key(key)
        self._forget(key)

    @abc.abstractmethod
    def _add(self, key: str, window_start: int, window_seconds: int, cost: int) -> tuple[int, int]:
        """Add `cost` to the count of the window starting at `window_start`; return its start and count.

        A later window already counted for `key` (another clock ran ahead) is the one counted into.
        """

    @abc.abstractmethod
    def _count(self, key: str, window_start: int) -> tuple[int, int]:
        """Return the start and count of the window starting at `window_start`, or of a later one counted."""

    @abc.abstractmethod
    def _forget(self, key: str) -> None:
        """Delete the counter of `key`."""


def _window_start(window_seconds: int) -> int:
    return int(time.time()) // window_seconds * window_seconds


def _result(limit: int, reset_at: int, hits: int, *, allowed: bool) -> RateLimitResult:
    return RateLimitResult(allowed=allowed, limit=limit, remaining=max(0, limit - hits), reset_at=float(reset_at))


def _check_key(key: str) -> None:
    if not key:
        raise ValueError("a rate-limit key must be a non-empty string")


def _check_at_least_one(**values: int) -> None:
    for name, value in values.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value!r}")
