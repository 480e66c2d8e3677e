"""The activity inbox interface: each recipient's notifications, newest first, bounded in length and age.

An entry is keyed by its time-sortable id within the recipient's inbox, and carries the `cause` that made it
(`favourite:<liker>:<post>`...): an inbox holds at most one entry per cause, so a retried task or a double
like adds nothing, and undoing the cause (an unlike, an unfollow) removes the entry by it.
"""

from __future__ import annotations

import abc
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from photogram.core.window import CursorWindow


class InboxUnavailable(Exception):
    """The store cannot answer now (a Cassandra node down, a timeout); the message says what failed."""


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """One notification in one recipient's inbox."""

    id: int
    type: str
    from_account_id: int
    status_id: int | None
    group_key: str
    cause: str
    created_at: datetime
    # Kept, but shown only among notification requests (the recipient's policy said "filter").
    filtered: bool = False


class InboxStore(abc.ABC):
    """Keep each recipient's notifications newest first, at most about `max_length` of them, for `ttl_days`.

    `add` is idempotent by cause; removals of what an inbox lacks change nothing. An inbox is trimmed back to
    `max_length` about once every `trim_every` additions, which bounds it without a read per write.
    """

    def __init__(self, *, max_length: int = 800, trim_every: int = 16, ttl_days: int = 90) -> None:
        if max_length < 1 or trim_every < 1 or ttl_days < 1:
            raise ValueError("max_length, trim_every and ttl_days must be at least 1")
        self.max_length = max_length
        self.trim_every = trim_every
        self.ttl_seconds = ttl_days * 86400

    def add(self, owner_id: int, entry: InboxEntry) -> bool:
        """Put `entry` into an inbox unless one with its cause is there; return whether it was added."""
        added = self._add(owner_id, entry)
        if added and (self.trim_every == 1 or zlib.crc32(f"{owner_id}:{entry.id}".encode()) % self.trim_every == 0):
            self.trim(owner_id)
        return added

    def remove_where(self, owner_id: int, doomed: Callable[[InboxEntry], bool]) -> list[InboxEntry]:
        """Remove the entries `doomed` picks (a deleted post's, a group's) from one inbox; return them."""
        found = []
        window = CursorWindow(limit=500)
        while page := self.page(owner_id, window):
            found += [entry for entry in page if doomed(entry)]
            window = CursorWindow(max_id=page[-1].id, limit=500)
        self.remove(owner_id, found)
        return found

    @abc.abstractmethod
    def page(self, owner_id: int, window: CursorWindow) -> list[InboxEntry]:
        """Return the entries `window` selects by id, newest first (as `window.select` would)."""

    @abc.abstractmethod
    def get(self, owner_id: int, entry_id: int) -> InboxEntry | None:
        """Return one entry of an inbox, None if it has none of that id."""

    @abc.abstractmethod
    def remove(self, owner_id: int, entries: Sequence[InboxEntry]) -> None:
        """Take entries out of an inbox (dismissed ones), with their causes."""

    @abc.abstractmethod
    def remove_cause(self, owner_id: int, cause: str) -> InboxEntry | None:
        """Take the entry of `cause` out of an inbox (an unlike, an unfollow); return it, None if none was."""

    @abc.abstractmethod
    def clear(self, owner_id: int) -> None:
        """Empty an inbox."""

    @abc.abstractmethod
    def trim(self, owner_id: int) -> None:
        """Drop the entries beyond the newest `max_length` of an inbox."""

    @abc.abstractmethod
    def check(self) -> None:
        """Raise InboxUnavailable unless the store answers (health checks)."""

    @abc.abstractmethod
    def _add(self, owner_id: int, entry: InboxEntry) -> bool:
        """Write `entry` unless its cause has one already; return whether it was written."""
