"""The feed-head cache: pages come from it, and never stale, across processes, races and a cache that is down.

The store behind is SQL on embedded (with the in-process cache) and Cassandra on full (with Redis).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.conf import settings
from django.test import override_settings

from photogram.core.ids.generator import IdGenerator
from photogram.core.window import CursorWindow
from photogram.feeds.stores import FeedItem, FeedStoreUnavailable
from photogram.feeds.stores.head_cache import HeadCachedFeedStore

pytestmark = pytest.mark.django_db

_ids = IdGenerator()
# A real Redis client pointed at a port nothing listens on: every call fails as a dead Redis's would.
DEAD_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


def _behind_backend() -> str:
    if settings.FULL_PROFILE:
        return "photogram.feeds.stores.cassandra.CassandraFeedStore"
    return "photogram.feeds.stores.sql.SqlFeedStore"


def cached(cache: str = "default", head_length: int = 4) -> HeadCachedFeedStore:
    """A cached store as one process builds it; two calls give two processes' views of the same feeds."""
    store = {"BACKEND": _behind_backend(), "OPTIONS": {"max_length": 100}}
    return HeadCachedFeedStore(store=store, cache=cache, head_length=head_length)


def ids(items: Sequence[FeedItem]) -> list[int]:
    return [item.status_id for item in items]


def test_first_pages_are_served_from_the_head_until_a_write() -> None:
    store, reader = cached(), _ids.next_id()
    store.insert_many(reader, [FeedItem(status_id, 1) for status_id in range(1, 11)])
    assert ids(store.page(reader, CursorWindow(limit=3))) == [10, 9, 8]
    # Emptied behind the cache's back: the head still answers, so it was the one answering.
    store.behind.clear(reader)
    assert ids(store.page(reader, CursorWindow(limit=3))) == [10, 9, 8]
    assert ids(store.page(reader, CursorWindow(since_id=8, limit=3))) == [10, 9]
    assert ids(store.page(reader, CursorWindow(max_id=8, limit=3))) == []  # older pages go behind
    store.invalidate([reader])
    assert store.page(reader, CursorWindow(limit=3)) == []


def test_a_write_in_another_process_is_seen_at_once() -> None:
    web, worker, reader = cached(), cached(), _ids.next_id()
    web.insert_many(reader, [FeedItem(1, 1), FeedItem(2, 1)])
    assert ids(web.page(reader, CursorWindow(limit=4))) == [2, 1]
    worker.insert([reader], FeedItem(3, 2))
    assert ids(web.page(reader, CursorWindow(limit=4))) == [3, 2, 1]
    worker.remove([reader], 2)
    assert ids(web.page(reader, CursorWindow(limit=4))) == [3, 1]
    worker.remove_author(reader, 2)
    assert ids(web.page(reader, CursorWindow(limit=4))) == [1]
    worker.clear(reader)
    assert web.page(reader, CursorWindow(limit=4)) == []


@pytest.mark.parametrize("stamped_before", [True, False], ids=["feed-stamped", "feed-never-stamped"])
def test_a_read_overtaken_by_a_write_leaves_no_stale_head(
    stamped_before: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, racing, writer = _ids.next_id(), cached(), cached()
    if stamped_before:
        writer.insert([reader], FeedItem(1, 1))
    # The write lands after the racing reader read the store behind and before it files what it read.
    read_store = racing.behind.page
    overtaken: list[bool] = []

    def read_then_overtaken(owner_id: int, window: CursorWindow) -> list[FeedItem]:
        found = read_store(owner_id, window)
        if not overtaken:
            overtaken.append(True)
            writer.insert([reader], FeedItem(5, 2))
        return found

    monkeypatch.setattr(racing.behind, "page", read_then_overtaken)
    first = ids(racing.page(reader, CursorWindow(limit=3)))
    assert first == ([1] if stamped_before else [])  # what the store held when it was read
    assert overtaken  # the write did overtake the head's read
    assert ids(racing.page(reader, CursorWindow(limit=3))) == ([5, 1] if stamped_before else [5])
    assert ids(writer.page(reader, CursorWindow(limit=3))) == ([5, 1] if stamped_before else [5])


def test_with_the_cache_down_reads_go_behind_and_writes_say_so() -> None:
    reader = _ids.next_id()
    with override_settings(CACHES={**settings.CACHES, "dead": DEAD_CACHE}):
        store = cached(cache="dead")
        store.behind.insert_many(reader, [FeedItem(1, 1), FeedItem(2, 1)])
        assert ids(store.page(reader, CursorWindow(limit=4))) == [2, 1]
        # The write reached the store behind; the error tells the fan-out task to retry (writes are idempotent).
        with pytest.raises(FeedStoreUnavailable, match="feed-head cache"):
            store.insert([reader], FeedItem(3, 1))
        assert ids(store.behind.page(reader, CursorWindow())) == [3, 2, 1]
        assert ids(store.page(reader, CursorWindow(limit=4))) == [3, 2, 1]


def test_pages_above_a_cursor_come_from_the_head_only_when_it_holds_them_all() -> None:
    store, reader = cached(head_length=4), _ids.next_id()
    store.insert_many(reader, [FeedItem(status_id, 1) for status_id in range(1, 11)])
    assert ids(store.page(reader, CursorWindow(limit=4))) == [10, 9, 8, 7]  # the head, filled
    store.behind.clear(reader)
    store.behind.insert_many(reader, [FeedItem(status_id, 1) for status_id in range(1, 11) if status_id != 8])
    # min_id=7: all of 8, 9, 10 are in the head, which still holds 8 (the cache was not told): from the head.
    assert ids(store.page(reader, CursorWindow(min_id=7, limit=2))) == [9, 8]
    # min_id=3: 4..6 lie below the head, so the store behind answers.
    assert ids(store.page(reader, CursorWindow(min_id=3, limit=2))) == [5, 4]
