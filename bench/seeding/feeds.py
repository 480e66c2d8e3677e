"""Fill every seeded reader's home feed as fan-out on write would have: the newest posts of the people they
follow, and their own.

On Cassandra each feed goes out as unlogged batches within its one partition, many at a time: the feed
store's `insert_many` sends a statement per row, which at millions of rows is the whole seed's time. Other
stores (SQL on the embedded profile) are filled through `insert_many`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence

from cassandra.concurrent import execute_concurrent

from bench.seeding.community import Community
from photogram.core.cassandra.connection import get_session
from photogram.feeds.stores import FeedItem, FeedStore, feeds
from photogram.feeds.stores.cassandra import CassandraFeedStore, unlogged_batches
from photogram.feeds.stores.head_cache import HeadCachedFeedStore

# Rows per single-partition batch: about 3 KB, under Cassandra's 5 KB batch warning.
BATCH_ROWS = 100
CONCURRENCY = 32


def store() -> FeedStore:
    """Return the home-feed store the seed fills (the default one in settings.FEEDS)."""
    return feeds["default"]


def _posts_by_author(community: Community, keep: int) -> list[list[int]]:
    """Return each author's newest `keep` post ids, newest first (fan-out never needs older ones)."""
    newest: list[list[int]] = [[] for _ in range(community.scale.users)]
    for post_id, author in zip(community.post_id, community.post_author, strict=True):
        newest[author].append(post_id)
    for posts in newest:
        posts.sort(reverse=True)
        del posts[keep:]
    return newest


def home_feeds(community: Community, length: int) -> Iterator[tuple[int, list[FeedItem]]]:
    """Yield (reader id, the feed's items newest first) for every seeded user, in user order."""
    newest = _posts_by_author(community, length)
    followees: list[list[int]] = [[] for _ in range(community.scale.users)]
    for follower, followee in zip(community.follow_follower, community.follow_followee, strict=True):
        followees[follower].append(followee)
    user_id = community.user_id
    for reader in range(community.scale.users):
        authors = [reader, *followees[reader]]
        merged = heapq.merge(*(zip(newest[author], itertools.repeat(author)) for author in authors), reverse=True)
        yield (
            user_id[reader],
            [
                FeedItem(status_id=post_id, author_id=user_id[author])
                for post_id, author in itertools.islice(merged, length)
            ],
        )


def write(target: FeedStore, feeds_to_write: Sequence[tuple[int, list[FeedItem]]]) -> None:
    """Write whole feeds (each at most the store's bound, so nothing needs trimming)."""
    behind = target.behind if isinstance(target, HeadCachedFeedStore) else target
    if not isinstance(behind, CassandraFeedStore):
        for owner_id, items in feeds_to_write:
            target.insert_many(owner_id, items)
        return
    session = get_session()
    insert = session.prepare(
        f"INSERT INTO {behind.keyspace}.{behind.table} (owner_id, status_id, author_id) VALUES (?, ?, ?)"
    )
    batches = [
        batch
        for owner_id, items in feeds_to_write
        for batch in unlogged_batches(
            insert, [(owner_id, item.status_id, item.author_id) for item in items], size=BATCH_ROWS
        )
    ]
    # Read to the end: only that waits for every batch (and raises the first failure).
    for _ in execute_concurrent(
        session, batches, concurrency=CONCURRENCY, raise_on_first_error=True, results_generator=True
    ):
        pass
    if isinstance(target, HeadCachedFeedStore):
        target.invalidate([owner_id for owner_id, _ in feeds_to_write])  # written around it
