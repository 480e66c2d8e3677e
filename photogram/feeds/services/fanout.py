"""Filling home feeds when posts and follows change: the hooks publishing and the graph call, and the work
the fan-out tasks do.

A post reaches its followers' feeds at write time, in chunks of followers (one task each, run in parallel by
the workers), and leaves them the same way when deleted, except when its author has more followers than the
pull threshold: those posts are merged into each follower's page when it is read (`timeline.home_page`), so
one post never means millions of writes.
List feeds (photogram.lists) are filled by the same tasks: a chunk of followers also writes the lists of
theirs that hold the author, and leaves the author out of the home feeds of those whose list is exclusive.
Every hook writes to the outbox in the caller's transaction, so nothing committed is ever left unfanned.
"""

from __future__ import annotations

from django.conf import settings

from photogram.accounts.models import Follow, User
from photogram.feeds.services import audience, outbox
from photogram.feeds.stores import FeedItem, feeds
from photogram.lists.services import audience as list_audience
from photogram.lists.services import lists
from photogram.posts.models import Status
from photogram.streaming.services import publish as streaming

# Home feeds hold posts (not comments), and not direct posts, which their audience reads elsewhere.
FED_VISIBILITIES = (Status.Visibility.PUBLIC, Status.Visibility.UNLISTED, Status.Visibility.PRIVATE)
# Posts a new follow brings into the follower's feed at once.
BACKFILL_POSTS = 40

TASKS = "photogram.feeds.tasks"


def is_fed(status: Status) -> bool:
    """Return whether `status` belongs in home feeds."""
    return status.in_reply_to_id is None and status.visibility in FED_VISIBILITIES


# --- hooks: called inside the transaction of the change --------------------------------------------------


def on_published(status: Status) -> None:
    """Record the fan-out of a post that is being published."""
    if is_fed(status):
        outbox.enqueue(f"{TASKS}.fan_out_post", status.pk)


def on_deleted(status: Status) -> None:
    """Record the removal of a post that is being deleted from the feeds holding it."""
    if is_fed(status):
        outbox.enqueue(f"{TASKS}.remove_post", status.pk, status.author_id)


def on_followed(follower_id: int, followee_id: int) -> None:
    """Record the backfill of a new follow: the followee's recent posts into the follower's feed."""
    outbox.enqueue(f"{TASKS}.backfill_follow", follower_id, followee_id)


def on_unfollowed(follower_id: int, followee_id: int) -> None:
    """Record the removal of the followee's posts from the follower's feed (an unfollow, or a block), and take
    the followee out of the follower's lists, as Mastodon does."""
    outbox.enqueue(f"{TASKS}.remove_author", follower_id, followee_id)
    lists.on_unfollowed(follower_id, followee_id)


# --- the work, done by tasks ----------------------------------------------------------------------------


def fan_out_post(status_id: int) -> list[tuple[int, int, int, int]]:
    """Put a post in its author's feed; return the `fan_out_chunk` arguments of each chunk of followers.

    No chunks for an author pulled at read time, nor for a post deleted meanwhile.
    """
    status = Status.objects.select_related("author").filter(pk=status_id).first()
    if status is None or not is_fed(status):
        return []
    feeds.default.insert([status.author_id], FeedItem(status.pk, status.author_id))
    streaming.post_published(status.pk)
    if audience.pulled_at_read_time(status.author):
        return []
    ranges = audience.follow_id_ranges(status.author_id, settings.FEED_FANOUT["CHUNK_SIZE"])
    return [(status.pk, status.author_id, first, last) for first, last in ranges]


def fan_out_chunk(status_id: int, author_id: int, first_follow_id: int, last_follow_id: int) -> int:
    """Write a post into the home feeds, and the list feeds, of one chunk of its author's followers; return
    how many feeds."""
    if not Status.objects.filter(pk=status_id).exists():
        return 0  # deleted meanwhile: its removal may already have run
    item = FeedItem(status_id, author_id)
    receiving = list_audience.receiving_lists(author_id, first_follow_id, last_follow_id)
    exclusive_owners = {owner_id for _, owner_id, exclusive in receiving if exclusive}
    readers = [
        reader
        for reader in audience.recipients(author_id, first_follow_id, last_follow_id)
        if reader not in exclusive_owners
    ]
    list_ids = [list_id for list_id, _, _ in receiving]
    feeds.default.insert(readers, item)
    feeds["lists"].insert(list_ids, item)
    streaming.post_fanned_out(status_id, readers, list_ids)
    return len(readers) + len(receiving)


def remove_post(status_id: int, author_id: int) -> list[tuple[int, int, int, int]]:
    """Take a deleted post out of its author's feed; return the `remove_chunk` arguments of each chunk of followers.

    No chunks for an author pulled at read time: their posts were never fanned out. (One fanned out before its
    author crossed the threshold stays in feeds until trimmed, unseen: hydration leaves deleted posts out.)
    """
    holding = list_audience.lists_holding(author_id)
    feeds.default.remove([author_id], status_id)
    feeds["lists"].remove(holding, status_id)
    streaming.post_deleted(status_id, [author_id], holding)
    author = User.objects.filter(pk=author_id).first()
    if author is None or audience.pulled_at_read_time(author):
        return []
    ranges = audience.follow_id_ranges(author_id, settings.FEED_FANOUT["CHUNK_SIZE"])
    return [(status_id, author_id, first, last) for first, last in ranges]


def remove_chunk(status_id: int, author_id: int, first_follow_id: int, last_follow_id: int) -> int:
    """Take a deleted post out of the feeds of one chunk of its author's followers; return how many feeds.

    Every follower in the chunk, not only those the fan-out wrote to: one muted or gone quiet since may hold it.
    """
    follows = Follow.objects.filter(followee_id=author_id, id__gte=first_follow_id, id__lte=last_follow_id)
    readers = list(follows.values_list("follower_id", flat=True))
    feeds.default.remove(readers, status_id)
    streaming.post_deleted(status_id, readers)
    return len(readers)


def recent_posts(author_ids: list[int], limit: int) -> list[FeedItem]:
    """Return the newest posts of `author_ids` that belong in home feeds, newest first."""
    rows = (
        Status.objects.filter(author_id__in=author_ids, in_reply_to__isnull=True, visibility__in=FED_VISIBILITIES)
        .order_by("-id")
        .values_list("id", "author_id")[:limit]
    )
    return [FeedItem(status_id, author) for status_id, author in rows]


def backfill_follow(follower_id: int, followee_id: int) -> int:
    """Bring the followee's recent posts into the follower's feed, if they still follow; return how many.

    Nothing when the follower has put the followee in an exclusive list meanwhile (a backfill run late).
    """
    followee = User.objects.filter(pk=followee_id).first()
    if followee is None or not Follow.objects.filter(follower_id=follower_id, followee_id=followee_id).exists():
        return 0
    if audience.pulled_at_read_time(followee):
        return 0
    if list_audience.exclusive_members(follower_id).filter(account_id=followee_id).exists():
        return 0
    items = recent_posts([followee_id], BACKFILL_POSTS)
    feeds.default.insert_many(follower_id, items)
    return len(items)


def remove_author(owner_id: int, author_id: int) -> None:
    """Take an author's posts out of a reader's feed, unless the reader follows them again meanwhile."""
    if not Follow.objects.filter(follower_id=owner_id, followee_id=author_id).exists():
        feeds.default.remove_author(owner_id, author_id)
