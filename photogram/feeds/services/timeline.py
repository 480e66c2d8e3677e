"""Reading a home feed: the stored page from the feed service, merged with the posts of the accounts pulled
at read time. The API hydrates the ids this returns, leaving out (with `followed_only`) the entries of
authors the reader has unfollowed or muted since they were written.

The cursors of a page come from the merged entries before filtering, so a page whose every entry was
filtered out still points at the next one.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from photogram.accounts.models import Follow, User
from photogram.core.window import CursorWindow
from photogram.feeds.models import FeedState
from photogram.feeds.services import audience
from photogram.feeds.services.fanout import FED_VISIBILITIES
from photogram.feeds.stores import FeedItem
from photogram.posts.models import Status
from photogram.rpc.client import feed_service

# A reader's last read is written at most this often: the inactivity cut-off is days, not minutes.
READ_STAMP_EVERY = timedelta(hours=1)
# Readers this process stamped lately (id -> monotonic time): their next reads within the hour skip the
# query. Forgotten wholesale when full; forgetting only costs a query.
_stamped_lately: dict[int, float] = {}
STAMPED_LATELY_MAX = 100_000


@dataclass(frozen=True)
class HomePage:
    """The post ids of one page, newest first, and the cursors of its two ends (None: an empty page)."""

    status_ids: list[int]
    newest_cursor: int | None
    oldest_cursor: int | None


def home_page(reader: User, window: CursorWindow) -> HomePage:
    """Return the page `window` selects of `reader`'s home feed (raise FeedServiceUnavailable when it is down)."""
    service = feed_service()
    if _note_read(reader):
        service.rebuild(reader.pk)
    entries = window.select_items([*service.read(reader.pk, window), *_pulled(reader, window)])
    if not entries:
        return HomePage([], None, None)
    return HomePage([item.status_id for item in entries], entries[0].status_id, entries[-1].status_id)


def _pulled(reader: User, window: CursorWindow) -> list[FeedItem]:
    """Return the posts, in the page's window, of the accounts the reader follows that are not fanned out."""
    authors = _followed_big_accounts(reader)
    if not authors:
        return []
    posts = Status.objects.filter(author_id__in=authors, in_reply_to__isnull=True, visibility__in=FED_VISIBILITIES)
    return [
        FeedItem(status_id, author_id) for status_id, author_id in window.filter(posts.values_list("id", "author_id"))
    ]


def _followed_big_accounts(reader: User) -> list[int]:
    """Return the accounts above the pull threshold that the reader follows (on every read: plain SQL)."""
    # The accounts above the threshold are few and indexed by follower count; each is then one probe of
    # the reader's follows.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT followee_id FROM {Follow._meta.db_table} WHERE follower_id = %s AND followee_id IN "
            f"(SELECT id FROM {User._meta.db_table} WHERE followers_count > %s)",
            [reader.pk, audience.pull_threshold()],
        )
        return [followee_id for (followee_id,) in cursor.fetchall()]


def _note_read(reader: User) -> bool:
    """Stamp the reader's feed as read; return whether it must be rebuilt first (the reader was inactive).

    The stamp is written here, in the web tier's transaction, not by the rebuild: the feed service runs
    the rebuild in its own transaction, which would wait on this one's lock of the same row.
    """
    moment = time.monotonic()
    if moment - _stamped_lately.get(reader.pk, -math.inf) < READ_STAMP_EVERY.total_seconds():
        return False
    if len(_stamped_lately) >= STAMPED_LATELY_MAX:
        _stamped_lately.clear()
    _stamped_lately[reader.pk] = moment
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
