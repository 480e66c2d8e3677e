"""Fan-out tasks: entry points that take ids and call `services.fanout` (sent through the outbox)."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from photogram.core.tasks import enqueue_on_commit
from photogram.feeds.services import fanout, rebuild
from photogram.feeds.stores import FeedStoreUnavailable

# A feed store that is down (a Cassandra node restarting) is waited out, with backoff, for about an hour.
feed_task = shared_task(
    acks_late=True,
    autoretry_for=(FeedStoreUnavailable,),
    retry_backoff=2,
    retry_backoff_max=600,
    max_retries=12,
    soft_time_limit=120,
    time_limit=150,
)


def _send_chunks(task: Task[Any, Any], chunks: list[tuple[int, int, int, int]]) -> int:
    """Send `task` once for each chunk of followers (after the caller's commit); return how many."""
    for arguments in chunks:
        enqueue_on_commit(task, *arguments)
    return len(chunks)


@feed_task
def fan_out_post(status_id: int) -> int:
    """Put a new post in its author's feed and send one task per chunk of followers; return the chunk count."""
    return _send_chunks(fan_out_chunk, fanout.fan_out_post(status_id))


@feed_task
def fan_out_chunk(status_id: int, author_id: int, first_follow_id: int, last_follow_id: int) -> int:
    """Write a post into one chunk of its author's followers' feeds."""
    return fanout.fan_out_chunk(status_id, author_id, first_follow_id, last_follow_id)


@feed_task
def remove_post(status_id: int, author_id: int) -> int:
    """Take a deleted post out of its author's feed and send one task per chunk of followers; return the count."""
    return _send_chunks(remove_chunk, fanout.remove_post(status_id, author_id))


@feed_task
def remove_chunk(status_id: int, author_id: int, first_follow_id: int, last_follow_id: int) -> int:
    """Take a deleted post out of one chunk of its author's followers' feeds."""
    return fanout.remove_chunk(status_id, author_id, first_follow_id, last_follow_id)


@feed_task
def backfill_follow(follower_id: int, followee_id: int) -> int:
    """Bring a followee's recent posts into a new follower's feed."""
    return fanout.backfill_follow(follower_id, followee_id)


@feed_task
def remove_author(owner_id: int, author_id: int) -> None:
    """Take an unfollowed (or blocked) author's posts out of a feed."""
    fanout.remove_author(owner_id, author_id)


@feed_task
def rebuild_feed(owner_id: int) -> int:
    """Rebuild a feed from the follows and posts."""
    return rebuild.rebuild(owner_id)
