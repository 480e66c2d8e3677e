"""Waiting for what another process (a Celery worker, the outbox relay) or a store will make true soon."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def soon(read: Callable[[], T], expected: T, *, timeout: float = 10.0, interval: float = 0.05) -> T:
    """Read until the value equals `expected` or `timeout` passes; return the last value read (to assert on).

    For what another process does in its own time (a worker's task, the relay); a store's own writes are
    complete when its call returns, and are read back without waiting.
    """
    deadline = time.monotonic() + timeout
    value = read()
    while value != expected and time.monotonic() < deadline:
        time.sleep(interval)
        value = read()
    return value
