"""The home-feed store interface: per reader, post ids newest first, bounded in length.

A feed holds ids only (the post and its author); posts are read from PostgreSQL when a page is shown, so
an edit never has to reach the feeds, and a deleted or hidden post simply drops out at hydration.
"""

from __future__ import annotations

import abc
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from photogram.core.window import CursorWindow


class FeedStoreUnavailable(Exception):
    """The store cannot answer now (a Cassandra node down, a timeout); the message says what failed."""


@dataclass(frozen=True, slots=True, order=True)
class FeedItem:
    """One post in a feed."""

    status_id: int
    author_id: int


class FeedStore(abc.ABC):
    """Keep each reader's feed newest first, at most about `max_length` posts long.

    Writes are idempotent: inserting a post a feed already holds, or removing one it lacks, changes
    nothing, so a retried fan-out task never duplicates an entry. A feed is trimmed back to `max_length`
    about once every `trim_every` inserts into it, which bounds its length without a read per write.
    """

    def __init__(self, *, max_length: int = 800, trim_every: int = 64) -> None:
        if max_length < 1 or trim_every < 1:
            raise ValueError("max_length and trim_every must be at least 1")
        self.max_length = max_length
        self.trim_every = trim_every

    def insert(self, owner_ids: Sequence[int], item: FeedItem) -> None:
        """Put one post into the feeds of `owner_ids` (the fan-out's write)."""
        if not owner_ids:
            return
        self._insert(owner_ids, item)
        self._trim_many([owner_id for owner_id in owner_ids if self._due_for_trim(owner_id, item.status_id)])

    def insert_many(self, owner_id: int, items: Iterable[FeedItem]) -> None:
        """Put several posts into one feed (a follow's backfill, a rebuild), then trim it."""
        items = sorted(set(items), reverse=True)[: self.max_length]
        if not items:
            return
        self._insert_many(owner_id, items)
        self._trim_many([owner_id])

    def trim(self, owner_id: int) -> None:
        """Drop the posts beyond the newest `max_length` of a feed."""
        self._trim_many([owner_id])

    @abc.abstractmethod
    def page(self, owner_id: int, window: CursorWindow) -> list[FeedItem]:
        """Return the posts of a feed that `window` selects, newest first (as `window.select_items` would)."""

    @abc.abstractmethod
    def remove(self, owner_ids: Sequence[int], status_id: int) -> None:
        """Take one post out of the feeds of `owner_ids` (a deleted post)."""

    @abc.abstractmethod
    def remove_author(self, owner_id: int, author_id: int) -> None:
        """Take every post of `author_id` out of one feed (an unfollow, a block)."""

    @abc.abstractmethod
    def clear(self, owner_id: int) -> None:
        """Empty one feed (before a rebuild)."""

    @abc.abstractmethod
    def check(self) -> None:
        """Raise FeedStoreUnavailable unless the store answers (health checks)."""

    @abc.abstractmethod
    def _insert(self, owner_ids: Sequence[int], item: FeedItem) -> None:
        """Write `item` into each feed."""

    @abc.abstractmethod
    def _insert_many(self, owner_id: int, items: Sequence[FeedItem]) -> None:
        """Write each item into one feed."""

    @abc.abstractmethod
    def _trim_many(self, owner_ids: Sequence[int]) -> None:
        """Trim each feed to `max_length`."""

    def _due_for_trim(self, owner_id: int, status_id: int) -> bool:
        # A hash, not a counter: spreads the trims of one big fan-out over its readers, with no state to keep.
        return self.trim_every == 1 or zlib.crc32(f"{owner_id}:{status_id}".encode()) % self.trim_every == 0
