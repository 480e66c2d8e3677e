"""Batch hydration: post ids into Mastodon Status entities for one viewer, in a constant number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Prefetch, Value

from photogram.accounts.models import User
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.media import serialize_media
from photogram.core import text
from photogram.core.counters.tracked import counts_of_many
from photogram.core.urls import absolute_url
from photogram.media.models import MediaAttachment
from photogram.posts.models import Bookmark, Favourite, Mention, Pin, Status, StatusEdit, StatusMedia, StatusTag
from photogram.posts.services.visibility import visible_statuses


def _timestamp(moment: Any) -> str | None:
    if moment is None:
        return None
    return str(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"))


@dataclass(frozen=True)
class _Context:
    """What one page of posts needs beside the rows, fetched once for the whole page."""

    viewer: User | None
    status_counts: dict[int, dict[str, int]]
    account_counts: dict[int, dict[str, int]]
    favourited: set[int]
    bookmarked: set[int]
    pinned: set[int]


def _serialize(status: Status, context: _Context) -> dict[str, Any]:
    author = status.author
    viewer = context.viewer
    counts = context.status_counts.get(status.pk, {})
    own = viewer is not None and viewer.pk == author.pk
    return {
        "id": str(status.pk),
        "created_at": _timestamp(status.created_at),
        "in_reply_to_id": str(status.in_reply_to_id) if status.in_reply_to_id else None,
        "in_reply_to_account_id": str(status.in_reply_to_account_id) if status.in_reply_to_account_id else None,
        "sensitive": status.sensitive,
        "spoiler_text": status.spoiler_text,
        "visibility": status.visibility,
        "language": status.language or None,
        "uri": absolute_url(f"/users/{author.username}/statuses/{status.pk}"),
        "url": absolute_url(f"/@{author.username}/{status.pk}"),
        "replies_count": counts.get("replies_count", 0),
        "reblogs_count": 0,
        "favourites_count": counts.get("favourites_count", 0),
        "edited_at": _timestamp(status.edited_at),
        "favourited": status.pk in context.favourited,
        "reblogged": False,
        "muted": False,
        "bookmarked": status.pk in context.bookmarked,
        "pinned": status.pk in context.pinned,
        "content": text.render(status.caption),
        "filtered": [],
        "reblog": None,
        "application": None,
        "account": serialize_account(author, context.account_counts.get(author.pk)),
        "media_attachments": [serialize_media(link.media, viewer) for link in status.media_links.all()],
        "mentions": [
            {
                "id": str(mention.account.pk),
                "username": mention.account.username,
                "url": absolute_url(f"/@{mention.account.username}"),
                "acct": mention.account.username,
            }
            for mention in status.mentions.all()
        ],
        "tags": [
            {"name": link.tag.name, "url": absolute_url(f"/tags/{link.tag.name}")} for link in status.tag_links.all()
        ],
        "emojis": [],
        "card": None,
        "poll": None,
        "comments_enabled": status.comments_enabled,
        # Instagram shows how many saved a post to its author only.
        "saves_count": counts.get("saves_count", 0) if own else None,
        "location": {"name": status.location} if status.location else None,
    }


def hydrate(status_ids: Sequence[int], viewer: User | None) -> list[dict[str, Any]]:
    """Return the Status entities of `status_ids` in the order given, leaving out those `viewer` may not see.

    A constant number of queries and counter-store round trips, whatever the number of posts: the rows with
    their authors, three prefetches, the viewer's likes, saves and pins, and the counts (one store round
    trip, plus a query per model for counts the store did not have).
    """
    if not status_ids:
        return []
    statuses = (
        visible_statuses(viewer)
        .filter(pk__in=list(status_ids))
        .select_related("author")
        # Counts come from the counter store, never from these rows.
        .defer(*Status.COUNTER_FIELDS, "counts_version", *(f"author__{name}" for name in User.COUNTER_FIELDS))
        .prefetch_related(
            Prefetch("media_links", queryset=StatusMedia.objects.select_related("media").order_by("position")),
            Prefetch("mentions", queryset=Mention.objects.select_related("account").order_by("pk")),
            Prefetch("tag_links", queryset=StatusTag.objects.select_related("tag").order_by("pk")),
        )
        .in_bulk()
    )
    found = list(statuses)
    counts = counts_of_many({Status: found, User: {status.author_id for status in statuses.values()}})
    favourited: set[int] = set()
    bookmarked: set[int] = set()
    if viewer is not None and found:
        likes = Favourite.objects.filter(account=viewer, status_id__in=found)
        saves = Bookmark.objects.filter(account=viewer, status_id__in=found)
        marks = likes.values_list("status_id", Value("like", output_field=CharField())).union(
            saves.values_list("status_id", Value("save", output_field=CharField()))
        )
        for status_id, kind in marks:
            (favourited if kind == "like" else bookmarked).add(status_id)
    pinned = set(Pin.objects.filter(status_id__in=found).values_list("status_id", flat=True)) if found else set()
    context = _Context(viewer, counts[Status], counts[User], favourited, bookmarked, pinned)
    return [_serialize(statuses[status_id], context) for status_id in status_ids if status_id in statuses]


def serialize_version(current: dict[str, Any], version: StatusEdit | None) -> dict[str, Any]:
    """Return a StatusEdit entity: the post as it read in `version` (None: as it reads now)."""
    if version is None:
        return {
            "content": current["content"],
            "spoiler_text": current["spoiler_text"],
            "sensitive": current["sensitive"],
            "created_at": current["edited_at"] or current["created_at"],
            "account": current["account"],
            "poll": None,
            "media_attachments": current["media_attachments"],
            "emojis": [],
            "location": current["location"],
        }
    return {
        "content": text.render(version.caption),
        "spoiler_text": version.spoiler_text,
        "sensitive": version.sensitive,
        "created_at": _timestamp(version.created_at),
        "account": current["account"],
        "poll": None,
        "media_attachments": [],
        "emojis": [],
        "location": {"name": version.location} if version.location else None,
    }


def serialize_versions(
    current: dict[str, Any], versions: Sequence[StatusEdit], viewer: User | None
) -> list[dict[str, Any]]:
    """Return a post's StatusEdit entities, oldest first; media removed since are left out."""
    wanted = {media_id for version in versions for media_id in version.media_ids}
    media = MediaAttachment.objects.in_bulk(list(wanted))
    serialized = {media_id: serialize_media(item, viewer) for media_id, item in media.items()}
    entities = []
    for version in versions:
        entity = serialize_version(current, version)
        entity["media_attachments"] = [serialized[pk] for pk in version.media_ids if pk in serialized]
        entities.append(entity)
    return entities
