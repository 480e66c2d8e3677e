"""Who a post's fan-out writes to: followers, in id-ordered chunks, less those the privacy rules leave out
(photogram.access.audience) and those who have not read their feed lately."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from photogram.access.audience import receiving_follows
from photogram.accounts.models import Follow, User
from photogram.feeds.models import FeedState


def pull_threshold() -> int:
    """Return the follower count above which an account's posts are pulled at read time, not fanned out."""
    threshold: int = settings.FEED_FANOUT["PULL_THRESHOLD"]
    return threshold


def pulled_at_read_time(author: User) -> bool:
    """Return whether `author` has too many followers to fan out to (their posts are merged when read)."""
    return author.followers_count > pull_threshold()


def follow_id_ranges(author_id: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    """Yield (first, last) Follow ids that cut the author's followers into chunks of `chunk_size`."""
    follow_ids = list(Follow.objects.filter(followee_id=author_id).order_by("id").values_list("id", flat=True))
    for start in range(0, len(follow_ids), chunk_size):
        chunk = follow_ids[start : start + chunk_size]
        yield chunk[0], chunk[-1]


def active_cutoff() -> datetime:
    """Return the moment before which a reader who has not read their feed since counts as inactive."""
    return timezone.now() - timedelta(days=settings.FEED_FANOUT["INACTIVE_DAYS"])


def recipients(author_id: int, first_follow_id: int, last_follow_id: int) -> list[int]:
    """Return the followers in one chunk whose feeds get the author's post.

    Left out: the followers the privacy rules leave out (`receiving_follows`), and those who have not read
    their feed since the inactivity cut-off (their feed is rebuilt when they come back).
    """
    cutoff = active_cutoff()
    follower = OuterRef("follower_id")
    edges = receiving_follows(author_id).filter(id__gte=first_follow_id, id__lte=last_follow_id)
    read_lately = FeedState.objects.filter(owner_id=follower, last_read_at__gte=cutoff)
    never_read = ~Exists(FeedState.objects.filter(owner_id=follower))
    return list(
        edges.filter(Exists(read_lately) | (never_read & Q(follower__date_joined__gte=cutoff))).values_list(
            "follower_id", flat=True
        )
    )
