"""How the web tier calls the feed service: `feed_service()`, as configured in settings.FEED_SERVICE.

    page = feed_service().read(reader.pk, CursorWindow(max_id=cursor, limit=20))

`ThriftFeedService` (full profile) calls the Thrift servers through a connection pool; `InProcessFeedService`
(embedded) calls the same handler in this process. Both raise `FeedServiceUnavailable` when the service or
its store cannot answer, which the API answers with 503.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from photogram.core.backends import BackendHandler
from photogram.core.window import CursorWindow
from photogram.feeds.stores import FeedItem
from photogram.rpc.gen.feed import FeedService as ThriftService
from photogram.rpc.gen.feed import ttypes
from photogram.rpc.handlers import FeedServiceHandler
from photogram.rpc.pool import ClientPool, ServiceUnavailable

T = TypeVar("T")


class FeedServiceUnavailable(Exception):
    """The feed service, or the store behind it, cannot answer now; the message says what failed."""


class InvalidFeedRequest(ValueError):
    """The feed service refused the request's arguments."""


class FeedService(abc.ABC):
    """The calls of FeedService (photogram/rpc/idl/feed.thrift), with Python values."""

    def health(self) -> str:
        """Return "ok" when the service and its store answer."""
        answer: str = self._call(lambda service: service.health())
        return answer

    def read(self, owner_id: int, window: CursorWindow) -> list[FeedItem]:
        """Return the page of a reader's home feed that `window` selects, newest first."""
        page: ttypes.FeedPage = self._call(lambda service: service.read(owner_id, _query(window)))
        return _items(page)

    def read_list(self, list_id: int, window: CursorWindow) -> list[FeedItem]:
        """Return the page of a list's feed that `window` selects, newest first."""
        page: ttypes.FeedPage = self._call(lambda service: service.read_list(list_id, _query(window)))
        return _items(page)

    def insert(self, owner_ids: Sequence[int], item: FeedItem) -> None:
        """Put one post into several feeds."""
        entry = ttypes.FeedEntry(status_id=item.status_id, author_id=item.author_id)
        self._call(lambda service: service.insert(list(owner_ids), entry))

    def remove(self, owner_ids: Sequence[int], status_id: int) -> None:
        """Take one post out of several feeds."""
        self._call(lambda service: service.remove(list(owner_ids), status_id))

    def remove_author(self, owner_id: int, author_id: int) -> None:
        """Take an author's posts out of one feed."""
        self._call(lambda service: service.remove_author(owner_id, author_id))

    def rebuild(self, owner_id: int) -> int:
        """Rebuild a reader's feed from their follows; return how many posts it holds."""
        count: int = self._call(lambda service: service.rebuild(owner_id), slow=True)
        return count

    def _call(self, call: Callable[[Any], T], *, slow: bool = False) -> T:
        try:
            return self._invoke(call, slow=slow)
        except ttypes.FeedUnavailable as error:
            raise FeedServiceUnavailable(error.message) from error
        except ttypes.InvalidRequest as error:
            raise InvalidFeedRequest(error.message) from error

    @abc.abstractmethod
    def _invoke(self, call: Callable[[Any], T], *, slow: bool) -> T:
        """Run `call` against an object with the Thrift interface (a client, or the handler itself).

        `slow`: a call that does more than one read or write (a rebuild), given a longer deadline.
        """


def _query(window: CursorWindow) -> ttypes.FeedQuery:
    return ttypes.FeedQuery(max_id=window.max_id, since_id=window.since_id, min_id=window.min_id, limit=window.limit)


def _items(page: ttypes.FeedPage) -> list[FeedItem]:
    return [FeedItem(entry.status_id, entry.author_id) for entry in page.entries]


class InProcessFeedService(FeedService):
    """Call the handler directly: the embedded profile, where every part runs in one process."""

    def __init__(self) -> None:
        # The caller's own database connection serves: no per-request reset inside a request.
        self._handler = FeedServiceHandler(request_hook=lambda: None)

    def _invoke(self, call: Callable[[Any], T], *, slow: bool) -> T:
        return call(self._handler)


class ThriftFeedService(FeedService):
    """Call the feed service's Thrift servers through a pool of connections."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        timeout: float = 1.0,
        slow_timeout: float = 10.0,
        pool_size: int = 8,
        max_age: float = 50.0,
    ) -> None:
        self.pool: ClientPool[ThriftService.Client] = ClientPool(
            ThriftService.Client, host, port, timeout=timeout, size=pool_size, max_age=max_age
        )
        self.slow_timeout = slow_timeout

    def _invoke(self, call: Callable[[Any], T], *, slow: bool) -> T:
        try:
            with self.pool.client(self.slow_timeout if slow else None) as client:
                return call(client)
        except ServiceUnavailable as error:
            raise FeedServiceUnavailable(str(error)) from error


feed_services: BackendHandler[FeedService] = BackendHandler("FEED_SERVICE", FeedService)


def feed_service() -> FeedService:
    """Return this process's feed service client, as settings.FEED_SERVICE["default"] configures it."""
    return feed_services.default
