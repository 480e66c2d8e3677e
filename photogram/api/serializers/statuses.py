"""Batch hydration: post ids into Mastodon Status entities for one viewer, in a constant number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch

from photogram.accounts.models import User
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.media import serialize_media
from photogram.core import text
from photogram.core.urls import absolute_url
from photogram.posts.models import Mention, Status, StatusMedia, StatusTag
from photogram.posts.services.visibility import visible_statuses


def _timestamp(moment: Any) -> str | None:
    if moment is None:
        return None
    return str(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"))


def _serialize(status: Status, viewer: User | None) -> dict[str, Any]:
    author = status.author
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
        "replies_count": status.replies_count,
        "reblogs_count": 0,
        "favourites_count": status.favourites_count,
        "edited_at": _timestamp(status.edited_at),
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "pinned": False,
        "content": text.render(status.caption),
        "filtered": [],
        "reblog": None,
        "application": None,
        "account": serialize_account(author),
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
    }


def hydrate(status_ids: Sequence[int], viewer: User | None) -> list[dict[str, Any]]:
    """Return the Status entities of `status_ids` in the order given, leaving out those `viewer` may not see."""
    if not status_ids:
        return []
    statuses = (
        visible_statuses(viewer)
        .filter(pk__in=list(status_ids))
        .select_related("author")
        .prefetch_related(
            Prefetch("media_links", queryset=StatusMedia.objects.select_related("media").order_by("position")),
            Prefetch("mentions", queryset=Mention.objects.select_related("account").order_by("pk")),
            Prefetch("tag_links", queryset=StatusTag.objects.select_related("tag").order_by("pk")),
        )
        .in_bulk()
    )
    return [_serialize(statuses[status_id], viewer) for status_id in status_ids if status_id in statuses]
