"""Reading a home feed: the stored page from the feed service, merged with the posts of the accounts pulled
at read time, less what the reader no longer follows or mutes. The API hydrates the ids this returns.

The cursors of a page come from the merged entries before filtering, so a page whose every entry was
filtered out still points at the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from photogram.accounts.models import Follow, Mute, User
from photogram.feeds.models import FeedState
from photogram.feeds.services import audience
from photogram.feeds.services.fanout import FED_VISIBILITIES
from photogram.feeds.stores import FeedItem
from photogram.posts.models import Status
from photogram.rpc.client import feed_service

# A reader's last read is written at most this often: the inactivity cut-off is days, not minutes.
READ_STAMP_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class HomePage:
    """The post ids of one page, newest first, and the cursors of its two ends (None: an empty page)."""

    status_ids: list[int]
    newest_cursor: int | None
    oldest_cursor: int | None


def home_page(
    reader: User,
    *,
    max_id: int | None = None,
    since_id: int | None = None,
    min_id: int | None = None,
    limit: int = 20,
) -> HomePage:
    """Return a page of `reader`'s home feed (raise FeedServiceUnavailable when the feed store is down)."""
    service = feed_service()
    if _note_read(reader):
        service.rebuild(reader.pk)
    stored = service.read(reader.pk, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
    merged = set(stored) | set(_pulled(reader, max_id=max_id, since_id=since_id, min_id=min_id, limit=limit))
    entries = sorted(merged)[:limit][::-1] if min_id is not None else sorted(merged, reverse=True)[:limit]
    if not entries:
        return HomePage([], None, None)
    shown = _still_followed(reader, entries)
    return HomePage([item.status_id for item in shown], entries[0].status_id, entries[-1].status_id)


def _pulled(
    reader: User, *, max_id: int | None, since_id: int | None, min_id: int | None, limit: int
) -> list[FeedItem]:
    """Return the posts, in the page's window, of the accounts the reader follows that are not fanned out."""
    big = Follow.objects.filter(follower=reader, followee__followers_count__gt=audience.pull_threshold())
    authors = list(big.values_list("followee_id", flat=True))
    if not authors:
        return []
    posts = Status.objects.filter(author_id__in=authors, in_reply_to__isnull=True, visibility__in=FED_VISIBILITIES)
    if max_id is not None:
        posts = posts.filter(id__lt=max_id)
    if since_id is not None:
        posts = posts.filter(id__gt=since_id)
    posts = posts.filter(id__gt=min_id).order_by("id") if min_id is not None else posts.order_by("-id")
    return [FeedItem(status_id, author_id) for status_id, author_id in posts.values_list("id", "author_id")[:limit]]


def _still_followed(reader: User, entries: list[FeedItem]) -> list[FeedItem]:
    """Drop the entries of authors the reader has unfollowed or muted since they were written."""
    authors = {item.author_id for item in entries} - {reader.pk}
    followed = set(
        Follow.objects.filter(follower=reader, followee_id__in=authors).values_list("followee_id", flat=True)
    )
    muted = set(Mute.objects.filter(muter=reader, muted_id__in=authors).values_list("muted_id", flat=True))
    return [item for item in entries if item.author_id == reader.pk or (item.author_id in followed - muted)]


def _note_read(reader: User) -> bool:
    """Stamp the reader's feed as read; return whether it must be rebuilt first (the reader was inactive).

    The stamp is written here, in the web tier's transaction, not by the rebuild: the feed service runs
    the rebuild in its own transaction, which would wait on this one's lock of the same row.
    """
    now = timezone.now()
    state = FeedState.objects.filter(owner=reader).first()
    if state is None:
        stale = reader.date_joined < audience.active_cutoff()
        try:
            with transaction.atomic():
                FeedState.objects.create(owner=reader, last_read_at=now, rebuilt_at=now if stale else None)
        except IntegrityError:
            return False  # a concurrent first read stamped it
        return stale
    if now - state.last_read_at < READ_STAMP_EVERY:
        return False
    stale = state.last_read_at < audience.active_cutoff()
    stamps = {"last_read_at": now, "rebuilt_at": now} if stale else {"last_read_at": now}
    FeedState.objects.filter(owner=reader).update(**stamps)
    return stale
