"""The part of a Status entity that reads the same to every viewer, cached by post and revision.

A body is keyed by the post's `revision`, which moves with every change to what the post shows, so an
entry is never stale: it is only ever superseded. Lookups go to a small in-process map first, then the
Django cache (Redis on the full profile), then the database; a cache that is down only costs the queries.
Entries are written after the transaction that read them commits: a rolled-back edit could otherwise leave
its body under a revision the next edit takes.
"""

from __future__ import annotations

import functools
import logging
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Prefetch

from photogram.api.serializers.emojis import shortcodes_in
from photogram.api.serializers.media import serialize_media
from photogram.core import text
from photogram.core.urls import absolute_url, forget_when_urls_change
from photogram.posts.models import Mention, Status, StatusMedia, StatusTag

logger = logging.getLogger(__name__)

# Bump when the body's shape changes, so a deploy never reads what the previous code cached.
BODY_FORMAT = 3
BODY_TTL = timedelta(days=1)
LOCAL_ENTRIES = 4096
# Media whose camera data only their owner (the post's author) sees: indexes into media_attachments.
OWNER_ONLY_CAMERA = "_owner_only_camera"
# The `:shortcode:`s the caption and content warning use: matched to the custom emoji table per answer, so
# an emoji added, changed or disabled later shows at once without touching the cached bodies.
SHORTCODES = "_shortcodes"


class _RecentBodies:
    """A bounded map of the bodies this process read last (encoded, so every reader gets its own copy)."""

    def __init__(self, capacity: int) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_recent = _RecentBodies(LOCAL_ENTRIES)


@functools.lru_cache(maxsize=1)
def _key_prefix() -> str:
    # Bodies hold absolute URLs: another public address or media store must not read these entries. A digest,
    # not hash(): that is salted per process, and every process must find what the others cached.
    served_at = repr((settings.PUBLIC_URL, settings.MEDIA_URL, settings.STORAGES.get("default")))
    return f"status-body:{BODY_FORMAT}:{zlib.crc32(served_at.encode()):08x}"


def _forget() -> None:
    _key_prefix.cache_clear()
    _recent.clear()


forget_when_urls_change(_forget)


def _key(status_id: int, revision: int) -> str:
    return f"{_key_prefix()}:{status_id}:{revision}"


def bodies(revisions: Mapping[int, int]) -> dict[int, dict[str, Any]]:
    """Return the bodies of the posts `revisions` names (post id -> revision); posts gone are left out."""
    found: dict[int, dict[str, Any]] = {}
    remote: dict[str, int] = {}
    for status_id, revision in revisions.items():
        key = _key(status_id, revision)
        encoded = _recent.get(key)
        if encoded is not None:
            found[status_id] = orjson.loads(encoded)
        else:
            remote[key] = status_id
    if remote:
        try:
            cached: dict[str, bytes] = caches["default"].get_many(list(remote))
        except Exception:
            logger.warning("cache unavailable; post bodies read from the database", exc_info=True)
            cached = {}
        for key, encoded in cached.items():
            _recent.put(key, encoded)
            found[remote[key]] = orjson.loads(encoded)
    missing = [status_id for status_id in revisions if status_id not in found]
    if missing:
        made = _made_from_database(missing)
        found.update({status_id: orjson.loads(encoded) for status_id, (_, encoded) in made.items()})
        entries = {_key(status_id, revision): encoded for status_id, (revision, encoded) in made.items()}
        transaction.on_commit(functools.partial(_keep, entries))
    return found


def _keep(entries: dict[str, bytes]) -> None:
    for key, encoded in entries.items():
        _recent.put(key, encoded)
    try:
        caches["default"].set_many(entries, timeout=int(BODY_TTL.total_seconds()))
    except Exception:
        logger.warning("cache unavailable; post bodies not kept", exc_info=True)


def _made_from_database(status_ids: list[int]) -> dict[int, tuple[int, bytes]]:
    """Serialize the bodies of `status_ids` from their rows: post id -> (revision read, encoded body)."""
    statuses = (
        Status.objects.filter(pk__in=status_ids)
        # Counts come from the counter store and the author from the page's facts, never from these rows.
        .defer("author", *Status.COUNTER_FIELDS, "counts_version", "idempotency_key")
        .prefetch_related(
            Prefetch("media_links", queryset=StatusMedia.objects.select_related("media").order_by("position")),
            Prefetch(
                "mentions",
                queryset=Mention.objects.select_related("account")
                .only("status_id", "account__id", "account__username")
                .order_by("pk"),
            ),
            Prefetch("tag_links", queryset=StatusTag.objects.select_related("tag").order_by("pk")),
        )
    )
    return {status.pk: (status.revision, orjson.dumps(_body(status))) for status in statuses}


def timestamp(moment: Any) -> str | None:
    """Mastodon's time format: ISO 8601 in UTC, to the millisecond."""
    if moment is None:
        return None
    return str(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"))


def _body(status: Status) -> dict[str, Any]:
    media, owner_only = [], []
    for index, link in enumerate(status.media_links.all()):
        entity = serialize_media(link.media, None)
        if not link.media.show_camera:
            entity["camera"] = link.media.camera  # the author's own view, {} too; others get None
            owner_only.append(index)
        media.append(entity)
    # uri, url, the counts, favourited, bookmarked, pinned, account and saves_count are filled per viewer by
    # the serializer; they stand here as None so the entity keeps Mastodon's order of fields.
    return {
        "id": str(status.pk),
        "created_at": timestamp(status.created_at),
        "in_reply_to_id": str(status.in_reply_to_id) if status.in_reply_to_id else None,
        "in_reply_to_account_id": str(status.in_reply_to_account_id) if status.in_reply_to_account_id else None,
        "sensitive": status.sensitive,
        "spoiler_text": status.spoiler_text,
        "visibility": status.visibility,
        "language": status.language or None,
        "uri": None,
        "url": None,
        "replies_count": None,
        "reblogs_count": 0,
        "favourites_count": None,
        "edited_at": timestamp(status.edited_at),
        "favourited": None,
        "reblogged": False,
        "muted": False,
        "bookmarked": None,
        "pinned": None,
        "content": text.render(status.caption),
        "filtered": [],
        "reblog": None,
        "application": None,
        "account": None,
        "media_attachments": media,
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
        "saves_count": None,
        "location": {"name": status.location} if status.location else None,
        OWNER_ONLY_CAMERA: owner_only,
        SHORTCODES: shortcodes_in(status.spoiler_text, status.caption),
    }
