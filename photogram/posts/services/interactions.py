"""Liking and saving posts, each idempotent, with exact counts.

The row and the count it moves change in one transaction, and whether the count moves at all is decided by
the row insert (under the unique constraint) or delete, so concurrent likes and unlikes of one post leave
`favourites_count` equal to the number of likes at every commit.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Model, Q

from photogram.access.querysets import get_visible_status
from photogram.accounts.models import User
from photogram.core.counters.tracked import adjust, adjust_many
from photogram.media.models import MediaAttachment
from photogram.notifications.services import hooks as notify
from photogram.posts.models import Bookmark, CollectionItem, Favourite, Status
from photogram.posts.services.publishing import discard_media


def _add(row_model: type[Model], counter: str, actor: User, status_id: int) -> Status:
    with transaction.atomic():
        status = get_visible_status(actor, status_id)
        try:
            with transaction.atomic():
                row_model._default_manager.create(account=actor, status=status)
        except IntegrityError:
            return status  # Already there: doing it twice changes nothing.
        adjust(Status, status.pk, **{counter: 1})
    return status


def _remove(row_model: type[Model], counter: str, actor: User, status_id: int) -> Status:
    with transaction.atomic():
        status = get_visible_status(actor, status_id)
        deleted, _ = row_model._default_manager.filter(account=actor, status=status).delete()
        if deleted:
            adjust(Status, status.pk, **{counter: -1})
    return status


def favourite(actor: User, status_id: int) -> Status:
    """Like a post or comment the actor may see (StatusNotFound otherwise)."""
    status = _add(Favourite, "favourites_count", actor, status_id)
    notify.favourited(actor.pk, status)
    return status


def unfavourite(actor: User, status_id: int) -> Status:
    """Take a like back."""
    status = _remove(Favourite, "favourites_count", actor, status_id)
    notify.unfavourited(actor.pk, status)
    return status


def bookmark(actor: User, status_id: int) -> Status:
    """Save a post the actor may see."""
    return _add(Bookmark, "saves_count", actor, status_id)


def unbookmark(actor: User, status_id: int) -> Status:
    """Unsave a post; it leaves the actor's collections too, as on Instagram."""
    with transaction.atomic():
        status = _remove(Bookmark, "saves_count", actor, status_id)
        CollectionItem.objects.filter(collection__owner=actor, status=status).delete()
    return status


def release_account(account: User, **_: Any) -> None:
    """Take a deleted account's likes, saves and comments out of the counts of others' posts."""
    changes: dict[int, dict[str, int]] = defaultdict(dict)
    for field, rows in (
        ("favourites_count", Favourite.objects.filter(account=account)),
        ("saves_count", Bookmark.objects.filter(account=account)),
    ):
        for status_id in rows.exclude(status__author=account).values_list("status_id", flat=True):
            changes[status_id][field] = -1
    comments = (
        Status.objects.filter(author=account, in_reply_to__isnull=False)
        .exclude(in_reply_to__author=account)
        .values("in_reply_to_id")
        .annotate(comments=Count("pk"))
    )
    for row in comments:
        changes[row["in_reply_to_id"]]["replies_count"] = -row["comments"]
    adjust_many(Status, changes)


def forget_across_block(blocker: User, blocked: User, **_: Any) -> None:
    """Remove the likes and comments each of two people left on the other's posts, fixing the counts."""
    either_way = Q(account=blocked, status__author=blocker) | Q(account=blocker, status__author=blocked)
    changes: dict[int, dict[str, int]] = defaultdict(dict)
    likes = Favourite.objects.filter(either_way)
    for status_id in likes.values_list("status_id", flat=True):
        changes[status_id]["favourites_count"] = -1
    likes.delete()
    comments = Status.objects.filter(
        Q(author=blocked, in_reply_to__author=blocker) | Q(author=blocker, in_reply_to__author=blocked)
    )
    for row in comments.values("in_reply_to_id").annotate(comments=Count("pk")):
        changes[row["in_reply_to_id"]]["replies_count"] = -row["comments"]
    comment_ids = list(comments.values_list("pk", flat=True))
    media = list(MediaAttachment.objects.filter(status_link__status_id__in=comment_ids).values_list("pk", flat=True))
    Status.objects.filter(pk__in=comment_ids).delete()
    discard_media(MediaAttachment.objects.filter(pk__in=media))
    adjust_many(Status, changes)
