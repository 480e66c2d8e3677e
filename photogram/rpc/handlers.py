"""The FeedService handler: the Thrift interface over the feed store and the rebuild service.

Thin, like a view: it checks its arguments, calls the store or a service, and turns their failures into the
IDL's exceptions. The Thrift server runs it on the full profile; the embedded profile calls it in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import close_old_connections

from photogram.core.window import CursorWindow
from photogram.feeds.services import rebuild
from photogram.feeds.stores import FeedItem, FeedStore, FeedStoreUnavailable, feeds
from photogram.rpc.gen.feed import ttypes

MAX_PAGE = 200
MAX_OWNERS = 10_000

T = TypeVar("T")


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except FeedStoreUnavailable as error:
        raise ttypes.FeedUnavailable(message=str(error)) from error


def _check_ids(*ids: int) -> None:
    if any(value is None or value < 0 for value in ids):
        raise ttypes.InvalidRequest(message="ids are non-negative 64-bit integers")


class FeedServiceHandler:
    """Serve FeedService calls (photogram/rpc/idl/feed.thrift)."""

    def __init__(self, *, request_hook: Callable[[], None] = close_old_connections) -> None:
        # Called before each request: a long-lived server thread must drop database connections gone stale.
        self._request_hook = request_hook

    def health(self) -> str:
        self._request_hook()
        with _translated_errors():
            feeds.default.check()
        return "ok"

    def read(self, owner_id: int, query: ttypes.FeedQuery) -> ttypes.FeedPage:
        return self._read(feeds.default, owner_id, query)

    def read_list(self, list_id: int, query: ttypes.FeedQuery) -> ttypes.FeedPage:
        return self._read(feeds["lists"], list_id, query)

    def insert(self, owner_ids: list[int], entry: ttypes.FeedEntry) -> None:
        self._request_hook()
        self._check_owners(owner_ids)
        _check_ids(entry.status_id, entry.author_id)
        with _translated_errors():
            feeds.default.insert(owner_ids, FeedItem(entry.status_id, entry.author_id))

    def remove(self, owner_ids: list[int], status_id: int) -> None:
        self._request_hook()
        self._check_owners(owner_ids)
        _check_ids(status_id)
        with _translated_errors():
            feeds.default.remove(owner_ids, status_id)

    def remove_author(self, owner_id: int, author_id: int) -> None:
        self._request_hook()
        _check_ids(owner_id, author_id)
        with _translated_errors():
            feeds.default.remove_author(owner_id, author_id)

    def rebuild(self, owner_id: int) -> int:
        self._request_hook()
        _check_ids(owner_id)
        with _translated_errors():
            return rebuild.rebuild(owner_id)

    def _read(self, store: FeedStore, owner_id: int, query: ttypes.FeedQuery) -> ttypes.FeedPage:
        self._request_hook()
        _check_ids(owner_id, *(value for value in (query.max_id, query.since_id, query.min_id) if value is not None))
        if not 1 <= query.limit <= MAX_PAGE:
            raise ttypes.InvalidRequest(message=f"limit must be between 1 and {MAX_PAGE}")
        window = CursorWindow(max_id=query.max_id, since_id=query.since_id, min_id=query.min_id, limit=query.limit)
        with _translated_errors():
            items = store.page(owner_id, window)
        return ttypes.FeedPage(entries=[ttypes.FeedEntry(item.status_id, item.author_id) for item in items])

    @staticmethod
    def _check_owners(owner_ids: list[int]) -> None:
        if len(owner_ids) > MAX_OWNERS:
            raise ttypes.InvalidRequest(message=f"at most {MAX_OWNERS} feeds per call")
        _check_ids(*owner_ids)
