"""The counter store interface: versioned snapshots of an object's counts, newest version wins."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CountSnapshot:
    """An object's counts as one committed transaction left them; `version` orders snapshots of one object."""

    version: int
    counts: Mapping[str, int] = field(default_factory=dict)


class CounterStore(abc.ABC):
    """Hold the latest snapshot offered for each key; a backend only stores and compares versions."""

    def __init__(self, ttl_seconds: int = 86400) -> None:
        # A snapshot lost on its way to the store (a crash between commit and offer) leaves an older one
        # behind; expiring entries bounds how long such a stale count can be served.
        self.ttl_seconds = ttl_seconds

    @abc.abstractmethod
    def get_many(self, keys: Sequence[str]) -> dict[str, CountSnapshot]:
        """Return the stored snapshot of each key that has one, in one round trip."""

    @abc.abstractmethod
    def offer_many(self, snapshots: Mapping[str, CountSnapshot]) -> None:
        """Store each snapshot unless the key already holds one of the same or a higher version."""

    @abc.abstractmethod
    def forget_many(self, keys: Iterable[str]) -> None:
        """Drop the stored snapshots of `keys` (the next read refills them from the truth)."""

    @abc.abstractmethod
    def forget_all(self) -> None:
        """Drop every stored snapshot."""
