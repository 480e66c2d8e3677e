"""Hashtags: looking them up, following them, and their timelines."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from photogram.access.querysets import visible_statuses, without_muted
from photogram.accounts.models import User
from photogram.core import text
from photogram.posts.models import Status, StatusTag, Tag, TagFollow
from photogram.posts.services.publishing import MAX_TAG_LENGTH

HISTORY_DAYS = 7


class TagNotFound(LookupError):
    """Not a hashtag name, or (for reading) one nobody has used."""


def normalise(name: str) -> str:
    """Return the hashtag's canonical name, or raise TagNotFound if `name` is not one."""
    name = name.removeprefix("#")
    found = text.hashtags_in(f"#{name}")
    if len(found) != 1 or found[0] != name.lower() or len(name) > MAX_TAG_LENGTH:
        raise TagNotFound(name)
    return found[0]


def find(name: str) -> Tag | None:
    """Return the hashtag `name` if anybody used or followed it (TagNotFound if it is not a hashtag)."""
    return Tag.objects.filter(name=normalise(name)).first()


def follow(actor: User, name: str) -> Tag:
    """Follow a hashtag (making it if nobody used it yet); following twice changes nothing."""
    with transaction.atomic():
        tag, _ = Tag.objects.get_or_create(name=normalise(name))
        try:
            with transaction.atomic():
                TagFollow.objects.create(account=actor, tag=tag)
        except IntegrityError:
            pass
    return tag


def unfollow(actor: User, name: str) -> Tag | None:
    """Stop following a hashtag."""
    tag = find(name)
    if tag is not None:
        TagFollow.objects.filter(account=actor, tag=tag).delete()
    return tag


def followed_ids(viewer: User | None, tags: list[Tag]) -> set[int]:
    """Return which of `tags` the viewer follows, in one query."""
    if viewer is None or not tags:
        return set()
    return set(TagFollow.objects.filter(account=viewer, tag__in=tags).values_list("tag_id", flat=True))


def timeline(viewer: User | None, tag: Tag) -> QuerySet[Status]:
    """Return the public posts with the hashtag that the viewer may see, not from accounts they mute."""
    statuses = visible_statuses(viewer).filter(
        visibility=Status.Visibility.PUBLIC, in_reply_to__isnull=True, tag_links__tag=tag
    )
    return without_muted(statuses, viewer)


def histories(tags: list[Tag]) -> dict[int, list[dict[str, str]]]:
    """Return Mastodon's per-day use of each hashtag (posts and distinct authors), newest day first, in one query."""
    today = timezone.now().date()
    rows = (
        StatusTag.objects.filter(
            tag__in=tags,
            status__created_at__gte=timezone.now() - timedelta(days=HISTORY_DAYS),
            status__visibility=Status.Visibility.PUBLIC,
            status__author__suspended_at__isnull=True,
        )
        .annotate(day=TruncDate("status__created_at"))
        .values("tag_id", "day")
        .annotate(uses=Count("status_id"), accounts=Count("status__author_id", distinct=True))
    )
    used = {(row["tag_id"], row["day"]): row for row in rows}
    days = [today - timedelta(days=offset) for offset in range(HISTORY_DAYS)]
    return {
        tag.pk: [
            {
                "day": str(int(datetime.combine(day, time(0), tzinfo=UTC).timestamp())),
                "uses": str(used.get((tag.pk, day), {}).get("uses", 0)),
                "accounts": str(used.get((tag.pk, day), {}).get("accounts", 0)),
            }
            for day in days
        ]
        for tag in tags
    }
