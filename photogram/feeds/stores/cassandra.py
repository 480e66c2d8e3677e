"""The full profile's feed store: a table in Cassandra (`home_feed` for home feeds), one partition per feed.

Every statement is prepared once per session and routed to a replica of its partition (token-aware), and
writes to many feeds go out concurrently, which is what makes a fan-out to 100,000 readers take seconds.
"""

from __future__ import annotations

import os
import struct
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from cassandra import DriverException, RequestExecutionException
from cassandra.cluster import NoHostAvailable, Session
from cassandra.concurrent import execute_concurrent, execute_concurrent_with_args
from cassandra.query import BatchStatement, BatchType, PreparedStatement
from django.conf import settings

from photogram.core.cassandra.connection import READ_PROFILE, get_session
from photogram.core.window import CursorWindow
from photogram.feeds.stores.base import FeedItem, FeedStore, FeedStoreUnavailable

# Rows per batch: about 4.3 KB, under Cassandra's 5 KB batch-size warning.
BATCH_ROWS = 50
# Batches in flight at once: each carries BATCH_ROWS rows, so fewer requests keep the node as busy.
BATCH_CONCURRENCY = 32


def _by_first_replica(session: Session, keyspace: str, owner_ids: Sequence[int]) -> list[list[int]]:
    """Group feed owners by the first replica of their partition (one group on a single node)."""
    metadata = session.cluster.metadata
    groups: dict[Any, list[int]] = defaultdict(list)
    for owner_id in owner_ids:
        # The routing key of a single bigint partition key is its 8 big-endian bytes.
        replicas = metadata.get_replicas(keyspace, struct.pack(">q", owner_id))
        groups[replicas[0] if replicas else None].append(owner_id)
    return list(groups.values())


class _PageShape(NamedTuple):
    """Which bounds a page read has, and whether it takes the oldest rows first: one prepared statement each."""

    low: bool
    high: bool
    oldest_first: bool


# Every combination of bounds; the oldest rows first only above a lower bound (a window's min_id sets one).
_PAGE_SHAPES = [
    _PageShape(low, high, oldest_first)
    for low in (False, True)
    for high in (False, True)
    for oldest_first in (False, True)
    if low or not oldest_first
]
_NEWEST = _PageShape(low=False, high=False, oldest_first=False)


def _page_cql(select: str, shape: _PageShape) -> str:
    """Return the read of one page shape; its markers are the owner, the bounds it has, then the limit."""
    low = " AND status_id > ?" if shape.low else ""
    high = " AND status_id < ?" if shape.high else ""
    order = " ORDER BY status_id ASC" if shape.oldest_first else ""
    return f"{select}{low}{high}{order} LIMIT ?"


@dataclass(frozen=True)
class _Statements:
    insert: PreparedStatement
    pages: dict[_PageShape, PreparedStatement]
    authors: PreparedStatement
    delete: PreparedStatement
    delete_up_to: PreparedStatement
    delete_all: PreparedStatement
    cutoff: PreparedStatement


@contextmanager
def _unavailable_on_driver_errors(what: str) -> Iterator[None]:
    try:
        yield
    except (NoHostAvailable, RequestExecutionException, DriverException, OSError) as error:
        raise FeedStoreUnavailable(f"Cassandra could not {what}: {type(error).__name__}: {error}") from error


def unlogged_batches(
    statement: PreparedStatement, rows: Sequence[tuple[int, ...]], size: int = BATCH_ROWS
) -> list[tuple[BatchStatement, tuple[()]]]:
    """Cut `rows` of one statement into unlogged batches of `size`, as execute_concurrent takes them."""
    batches = []
    for start in range(0, len(rows), size):
        batch = BatchStatement(batch_type=BatchType.UNLOGGED)
        for row in rows[start : start + size]:
            batch.add(statement, row)
        batches.append((batch, ()))
    return batches


class CassandraFeedStore(FeedStore):
    """Keep feeds in `<keyspace>.<table>`; an insert of an existing (owner, post) row overwrites it alike.

    Every table a store is given has the columns of `home_feed` (feeds/cql/0001_home_feed.cql).
    """

    def __init__(
        self,
        *,
        max_length: int = 800,
        trim_every: int = 64,
        keyspace: str = "",
        table: str = "home_feed",
        concurrency: int = 128,
    ) -> None:
        super().__init__(max_length=max_length, trim_every=trim_every)
        self.keyspace = keyspace or settings.CASSANDRA["KEYSPACE"]
        self.table = table
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._prepared: tuple[int, Session, _Statements] | None = None

    def page(self, owner_id: int, window: CursorWindow) -> list[FeedItem]:
        session, statements = self._statements()
        low, high = window.lower_bound, window.max_id
        statement = statements.pages[_PageShape(low is not None, high is not None, window.oldest_first)]
        bound = statement.bind((owner_id, *(value for value in (low, high) if value is not None), window.limit))
        with _unavailable_on_driver_errors("read a feed"):
            rows = session.execute(bound, execution_profile=READ_PROFILE)
            items = [FeedItem(row.status_id, row.author_id) for row in rows]
        return items[::-1] if window.oldest_first else items

    def remove(self, owner_ids: Sequence[int], status_id: int) -> None:
        session, statements = self._statements()
        self._concurrently(session, statements.delete, [(owner_id, status_id) for owner_id in owner_ids], "remove")

    def remove_author(self, owner_id: int, author_id: int) -> None:
        session, statements = self._statements()
        with _unavailable_on_driver_errors("read a feed"):
            rows = session.execute(statements.authors, (owner_id,), execution_profile=READ_PROFILE)
            doomed = [(owner_id, row.status_id) for row in rows if row.author_id == author_id]
        self._concurrently(session, statements.delete, doomed, "remove posts from a feed")

    def clear(self, owner_id: int) -> None:
        session, statements = self._statements()
        with _unavailable_on_driver_errors("clear a feed"):
            session.execute(statements.delete_all, (owner_id,))

    def check(self) -> None:
        session, statements = self._statements()
        with _unavailable_on_driver_errors("read a feed"):
            session.execute(statements.pages[_NEWEST], (0, 1), execution_profile=READ_PROFILE)

    def _insert(self, owner_ids: Sequence[int], item: FeedItem) -> None:
        # One post into many feeds: unlogged batches of rows whose partitions share a first replica, so each
        # request lands on the node that holds them. Far more rows per second and less client CPU than one
        # request per row (docs/performance.md, "Fan-out").
        session, statements = self._statements()
        batches = [
            batch
            for group in _by_first_replica(session, self.keyspace, owner_ids)
            for batch in unlogged_batches(
                statements.insert, [(owner_id, item.status_id, item.author_id) for owner_id in group]
            )
        ]
        with _unavailable_on_driver_errors("write feeds"):
            for _ in execute_concurrent(
                session, batches, concurrency=BATCH_CONCURRENCY, raise_on_first_error=True, results_generator=True
            ):
                pass

    def _insert_many(self, owner_id: int, items: Sequence[FeedItem]) -> None:
        # One partition: unlogged batches reach its replicas as single mutations, not a request per row.
        session, statements = self._statements()
        batches = unlogged_batches(statements.insert, [(owner_id, item.status_id, item.author_id) for item in items])
        with _unavailable_on_driver_errors("write a feed"):
            execute_concurrent(session, batches, concurrency=self.concurrency, raise_on_first_error=True)

    def _trim_many(self, owner_ids: Sequence[int]) -> None:
        if not owner_ids:
            return
        session, statements = self._statements()
        # The (max_length + 1)-th newest post of each feed, and everything from it down, goes.
        with _unavailable_on_driver_errors("trim feeds"):
            results = execute_concurrent_with_args(
                session,
                statements.cutoff,
                [(owner_id, self.max_length + 1) for owner_id in owner_ids],
                concurrency=self.concurrency,
                raise_on_first_error=True,
            )
            cuts = []
            for owner_id, (_, rows) in zip(owner_ids, results, strict=True):
                ids = [row.status_id for row in rows]
                if len(ids) > self.max_length:
                    cuts.append((owner_id, ids[-1]))
        self._concurrently(session, statements.delete_up_to, cuts, "trim feeds")

    def _concurrently(self, session: Session, statement: PreparedStatement, rows: list[Any], what: str) -> None:
        if not rows:
            return
        with _unavailable_on_driver_errors(what):
            # The generator keeps memory flat over a big fan-out, but only reading it to the end waits for
            # every write (and raises the first failure): a caller returning earlier would have its writes
            # still in flight, lost unseen if they fail, and invisible to a read made right after.
            for _ in execute_concurrent_with_args(
                session,
                statement,
                rows,
                concurrency=self.concurrency,
                raise_on_first_error=True,
                results_generator=True,
            ):
                pass

    def _statements(self) -> tuple[Session, _Statements]:
        """Return this process's session and its prepared statements (prepared again after a fork)."""
        with _unavailable_on_driver_errors("connect"):
            session = get_session()
        with self._lock:
            if self._prepared is not None and self._prepared[0] == os.getpid() and self._prepared[1] is session:
                return session, self._prepared[2]
        table = f"{self.keyspace}.{self.table}"
        columns = f"SELECT status_id, author_id FROM {table} WHERE owner_id = ?"
        texts = {
            "insert": f"INSERT INTO {table} (owner_id, status_id, author_id) VALUES (?, ?, ?)",
            "authors": columns,
            "delete": f"DELETE FROM {table} WHERE owner_id = ? AND status_id = ?",
            "delete_up_to": f"DELETE FROM {table} WHERE owner_id = ? AND status_id <= ?",
            "delete_all": f"DELETE FROM {table} WHERE owner_id = ?",
            "cutoff": f"SELECT status_id FROM {table} WHERE owner_id = ? LIMIT ?",
        }
        with _unavailable_on_driver_errors("prepare the feed statements"):
            pages = {shape: session.prepare(_page_cql(columns, shape)) for shape in _PAGE_SHAPES}
            statements = _Statements(pages=pages, **{name: session.prepare(text) for name, text in texts.items()})
        with self._lock:
            self._prepared = (os.getpid(), session, statements)
        return session, statements
