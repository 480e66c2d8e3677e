"""A feed store in front of another, keeping the newest entries of each feed in Django's cache.

Most reads of a home feed are its first page, or a poll for what is newer than the top; a Cassandra read of
twenty rows costs more than the rest of the feed service's work for the request (docs/performance.md,
"Figures behind code choices"). So the newest `head_length` entries of a feed are kept in the
cache (Redis on the full profile), and pages they cover are answered from there; older pages (`max_id`)
go to the store behind.

An entry is never served stale, whatever the interleaving of reads and writes. Each feed has a *stamp*, a
random token in the cache; every write to a feed goes to the store behind first and then gives the feed a
new stamp. A reader takes the stamp before it reads the store, and files what it read under that stamp; a
cached head counts only while its stamp is still the feed's. A read that raced a write files its head under
the stamp the write replaced, so nobody ever reads it. Stamps outlive every head filed under them (each
fill renews its stamp for twice the head's time), so a stamp never lapses under a head still cached.

With the cache down, reads go to the store behind; a write whose new stamp cannot be kept raises
FeedStoreUnavailable after the store's own write, so the fan-out task retries (writes are idempotent).
"""

from __future__ import annotations

import logging
import os
import struct
from collections.abc import Sequence
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from photogram.core.backends import build_backend
from photogram.core.window import CursorWindow
from photogram.feeds.stores.base import FeedItem, FeedStore, FeedStoreUnavailable

logger = logging.getLogger(__name__)

_SEPARATOR = b"|"
# KEYS: stamp keys (already made by the cache); ARGV: the stamp, its time to live in seconds.
_SET_ALL = "for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'EX', ARGV[2]) end return 0"


class HeadCachedFeedStore(FeedStore):
    """Answer pages from a cached head of each feed; keep everything in `store`, the store behind."""

    def __init__(
        self,
        *,
        store: dict[str, Any],
        cache: str = "default",
        head_length: int = 40,
        ttl_seconds: int = 900,
        key_prefix: str = "feed-head",
    ) -> None:
        behind: FeedStore = build_backend(store, FeedStore, "HeadCachedFeedStore's store")
        if head_length < 1 or ttl_seconds < 1:
            raise ValueError("head_length and ttl_seconds must be at least 1")
        super().__init__(max_length=behind.max_length, trim_every=behind.trim_every)
        self.behind = behind
        self.cache_alias = cache
        self.head_length = head_length
        self.ttl_seconds = ttl_seconds
        self.key_prefix = key_prefix

    def page(self, owner_id: int, window: CursorWindow) -> list[FeedItem]:
        # Older pages (max_id) are seldom in the head: asking the cache first would only add a round trip.
        if window.max_id is None and window.limit <= self.head_length:
            head = self._head(owner_id)
            if head is not None:
                covered = _from_head(head, self.head_length, window)
                if covered is not None:
                    return covered
        return self.behind.page(owner_id, window)

    def remove(self, owner_ids: Sequence[int], status_id: int) -> None:
        self.behind.remove(owner_ids, status_id)
        self.invalidate(owner_ids)

    def remove_author(self, owner_id: int, author_id: int) -> None:
        self.behind.remove_author(owner_id, author_id)
        self.invalidate([owner_id])

    def clear(self, owner_id: int) -> None:
        self.behind.clear(owner_id)
        self.invalidate([owner_id])

    def check(self) -> None:
        self.behind.check()

    def _insert(self, owner_ids: Sequence[int], item: FeedItem) -> None:
        self.behind._insert(owner_ids, item)
        self.invalidate(owner_ids)

    def _insert_many(self, owner_id: int, items: Sequence[FeedItem]) -> None:
        self.behind._insert_many(owner_id, items)
        self.invalidate([owner_id])

    def _trim_many(self, owner_ids: Sequence[int]) -> None:
        self.behind._trim_many(owner_ids)
        if self.max_length < self.head_length:
            self.invalidate(owner_ids)  # a trim can reach into the head only when feeds are shorter than it

    def _stamp_key(self, owner_id: int) -> str:
        return f"{self.key_prefix}:stamp:{owner_id}"

    def _head_key(self, owner_id: int) -> str:
        return f"{self.key_prefix}:head:{owner_id}"

    def invalidate(self, owner_ids: Sequence[int]) -> None:
        """Give feeds a new stamp, so their cached heads go unread (after writes that went around this store)."""
        if not owner_ids:
            return
        stamp = _new_stamp()  # one write's stamp; it only has to differ from every earlier one
        cache = caches[self.cache_alias]
        keys = [self._stamp_key(owner_id) for owner_id in owner_ids]
        try:
            if isinstance(cache, RedisCache):
                # One script call for the whole chunk: Django's set_many spends far more CPU per key and
                # slowed a large fan-out down (docs/performance.md, "Fan-out").
                client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]  # no public way to a script
                client.eval(
                    _SET_ALL,
                    len(keys),
                    *(cache.make_key(key) for key in keys),  # our keys: digits and colons, nothing to validate
                    stamp,
                    2 * self.ttl_seconds,
                )
            else:
                cache.set_many(dict.fromkeys(keys, stamp), timeout=2 * self.ttl_seconds)
        except Exception as error:
            raise FeedStoreUnavailable(f"the feed-head cache could not be told of a write: {error}") from error

    def _head(self, owner_id: int) -> list[FeedItem] | None:
        """Return the newest `head_length` entries of a feed, from the cache or filled from the store behind.

        None when the cache is unavailable: the caller reads the store behind.
        """
        cache = caches[self.cache_alias]
        stamp_key, head_key = self._stamp_key(owner_id), self._head_key(owner_id)
        try:
            found = cache.get_many([stamp_key, head_key])
            stamp = found.get(stamp_key)
            if stamp is None:
                made = _new_stamp()
                # Another reader or a write may have stamped the feed meanwhile: then theirs is the stamp.
                stamp = made if cache.add(stamp_key, made, timeout=2 * self.ttl_seconds) else cache.get(stamp_key)
            else:
                head = _decode(found.get(head_key), stamp)
                if head is not None:
                    return head
        except Exception:
            logger.warning("feed-head cache unavailable; reading the feed store", exc_info=True)
            return None
        head = self.behind.page(owner_id, CursorWindow(limit=self.head_length))
        if stamp is not None:
            try:
                cache.set(head_key, _encode(stamp, head), timeout=self.ttl_seconds)
                cache.touch(stamp_key, timeout=2 * self.ttl_seconds)
            except Exception:
                logger.warning("feed-head cache unavailable; head not kept", exc_info=True)
        return head


def _new_stamp() -> int:
    # An int: Django's Redis cache stores ints as plain digits, which the script above writes alike.
    return int.from_bytes(os.urandom(8)) >> 1


def _from_head(head: list[FeedItem], head_length: int, window: CursorWindow) -> list[FeedItem] | None:
    """Return the page of a feed whose newest entries are `head`, or None if it may reach below the head."""
    page = window.select_items(head)
    if len(head) < head_length:
        return page  # the head is the whole feed
    # Every entry below the head is older than its last one. The window leaves them all out when its lower
    # bound is at or above that entry; a page taken newest first leaves them out once the head has filled it.
    low = window.lower_bound
    if (low is not None and low >= head[-1].status_id) or (not window.oldest_first and len(page) == window.limit):
        return page
    return None


def _encode(stamp: int, head: list[FeedItem]) -> bytes:
    numbers = [number for item in head for number in (item.status_id, item.author_id)]
    return str(stamp).encode() + _SEPARATOR + struct.pack(f">{len(numbers)}q", *numbers)


def _decode(value: Any, stamp: int) -> list[FeedItem] | None:
    """Return the head `value` holds if it was filed under `stamp`, else None."""
    if not isinstance(value, bytes):
        return None
    filed_under, _, packed = value.partition(_SEPARATOR)
    if filed_under != str(stamp).encode() or len(packed) % 16:
        return None
    numbers = struct.unpack(f">{len(packed) // 8}q", packed)
    return [FeedItem(numbers[index], numbers[index + 1]) for index in range(0, len(numbers), 2)]
