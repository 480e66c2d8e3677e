"""Reading a home feed or a list's feed: the stored page from the feed service, merged with the posts of the
accounts pulled at read time. The API hydrates the ids this returns, leaving out (with `followed_only`) the entries of
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
from photogram.lists.models import List, ListMember
from photogram.posts.models import Status
from photogram.rpc.client import feed_service

# A reader's last read is written at most this often: the inactivity cut-off is days, not minutes.
READ_STAMP_EVERY = timedelta(hours=1)
# Readers this process stamped lately (id -> monotonic time): their next reads within the hour skip the
# query. Forgotten wholesale when full; forgetting only costs a query.
_stamped_lately: dict[int, float] = {}
STAMPED_LATELY_MAX = 100_000


@dataclass(frozen=True)
class FeedPage:
    """The post ids of one page, newest first, and the cursors of its two ends (None: an empty page)."""

    status_ids: list[int]
    newest_cursor: int | None
    oldest_cursor: int | None


def home_page(reader: User, window: CursorWindow) -> FeedPage:
    """Return the page `window` selects of `reader`'s home feed (raise FeedServiceUnavailable when it is down)."""
    service = feed_service()
    if _note_read(reader):
        service.rebuild(reader.pk)
    entries = window.select_items(
        [*service.read(reader.pk, window), *pulled_posts(_followed_big_accounts(reader), window)]
    )
    return _page_of(entries)


def list_page(shown: List, window: CursorWindow) -> FeedPage:
    """Return the page `window` selects of a list's feed (raise FeedServiceUnavailable when it is down).

    Its members' posts: the stored ones, and those of members pulled at read time. Entries of accounts taken
    out of the list since they were written are left out (the feed loses them after the change commits); the
    page's cursors still span them.
    """
    members = set(ListMember.objects.filter(list=shown).values_list("account_id", flat=True))
    big = User.objects.filter(pk__in=members, followers_count__gt=audience.pull_threshold()).values_list(
        "pk", flat=True
    )
    entries = window.select_items([*feed_service().read_list(shown.pk, window), *pulled_posts(list(big), window)])
    page = _page_of(entries)
    return FeedPage(
        [item.status_id for item in entries if item.author_id in members], page.newest_cursor, page.oldest_cursor
    )


def _page_of(entries: list[FeedItem]) -> FeedPage:
    if not entries:
        return FeedPage([], None, None)
    return FeedPage([item.status_id for item in entries], entries[0].status_id, entries[-1].status_id)


def pulled_posts(author_ids: list[int], window: CursorWindow) -> list[FeedItem]:
    """Return the posts, in the page's window, of accounts whose posts are not fanned out (`author_ids`)."""
    if not author_ids:
        return []
    posts = Status.objects.filter(author_id__in=author_ids, in_reply_to__isnull=True, visibility__in=FED_VISIBILITIES)
    return [
        FeedItem(status_id, author_id) for status_id, author_id in window.filter(posts.values_list("id", "author_id"))
    ]


def _followed_big_accounts(reader: User) -> list[int]:
    """Return the accounts above the pull threshold that the reader follows and keeps in their home feed (not
    members of an exclusive list of theirs); on every read: plain SQL."""
    # The accounts above the threshold are few and indexed by follower count; each is then one probe of
    # the reader's follows, and of the reader's exclusive lists.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT followee_id FROM {Follow._meta.db_table} WHERE follower_id = %s AND followee_id IN "
            f"(SELECT id FROM {User._meta.db_table} WHERE followers_count > %s) AND followee_id NOT IN "
            f"(SELECT m.account_id FROM {ListMember._meta.db_table} m JOIN {List._meta.db_table} l "
            "ON l.id = m.list_id WHERE l.owner_id = %s AND l.exclusive)",
            [reader.pk, audience.pull_threshold(), reader.pk],
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
