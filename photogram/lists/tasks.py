"""List-feed tasks: entry points that take ids and call `services.feed` (sent through the outbox)."""

from __future__ import annotations

from photogram.feeds.tasks import feed_task
from photogram.lists.services import feed


@feed_task
def backfill_member(list_id: int, account_id: int) -> int:
    """Bring a new member's recent posts into a list's feed."""
    return feed.backfill_member(list_id, account_id)


@feed_task
def remove_member_posts(list_id: int, account_id: int) -> None:
    """Take a former member's posts out of a list's feed."""
    feed.remove_member_posts(list_id, account_id)


@feed_task
def clear_list_feed(list_id: int) -> None:
    """Empty a deleted list's feed."""
    feed.clear_list_feed(list_id)
