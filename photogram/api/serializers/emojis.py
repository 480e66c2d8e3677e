"""Mastodon's CustomEmoji entity: the table every serializer reads them from, and the `:shortcode:`s a text uses.

The table (every enabled emoji as its entity) is one entry in Django's cache (Redis on the full profile),
dropped when an emoji is saved or deleted; a serializer reads it once for a whole page, and only when some
text on the page holds a `:shortcode:` at all. An entry a reader wrote from rows read just before a change
committed can outlive the change; its short life (TABLE_TTL) bounds that.
"""

from __future__ import annotations

import functools
import logging
import re
import zlib
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from photogram.api import entities
from photogram.core.urls import absolute_url, forget_when_urls_change
from photogram.server.models import CustomEmoji
from photogram.server.models.emoji import SHORTCODE_PATTERN

logger = logging.getLogger(__name__)

TABLE_TTL = timedelta(minutes=5)
# As Mastodon reads them: not inside a word, and not touching another colon (`a:b:c` is no emoji).
SHORTCODE = re.compile(rf"(?<![^\W_])(?<!:):({SHORTCODE_PATTERN}):(?![^\W_])(?!:)")

Table = Mapping[str, entities.CustomEmoji]


def shortcodes_in(*texts: str) -> list[str]:
    """Return the `:shortcode:`s the texts use, in order of first use."""
    return list(dict.fromkeys(code for text in texts if ":" in text for code in SHORTCODE.findall(text)))


@functools.lru_cache(maxsize=1)
def _key() -> str:
    # The entities hold absolute URLs: another public address or media store must not read this entry.
    served_at = repr((settings.PUBLIC_URL, settings.MEDIA_URL, settings.STORAGES.get("default")))
    return f"custom-emojis:1:{zlib.crc32(served_at.encode()):08x}"


forget_when_urls_change(_key.cache_clear)


def serialize_emoji(emoji: CustomEmoji) -> entities.CustomEmoji:
    url = absolute_url(emoji.image.url)
    # The stored image is a still WebP (admin uploads are re-encoded), so it is its own static version.
    return {
        "shortcode": emoji.shortcode,
        "url": url,
        "static_url": url,
        "visible_in_picker": emoji.visible_in_picker,
        "category": emoji.category or None,
    }


def table() -> dict[str, entities.CustomEmoji]:
    """Return every enabled custom emoji's entity by shortcode: from the cache, else from the database."""
    cache = caches["default"]
    try:
        cached: dict[str, entities.CustomEmoji] | None = cache.get(_key())
    except Exception:
        logger.warning("cache unavailable; custom emojis read from the database", exc_info=True)
        cached = None
    if cached is not None:
        return cached
    made = {emoji.shortcode: serialize_emoji(emoji) for emoji in CustomEmoji.objects.filter(disabled=False)}
    try:
        cache.set(_key(), made, timeout=int(TABLE_TTL.total_seconds()))
    except Exception:
        logger.warning("cache unavailable; custom emojis not kept", exc_info=True)
    return made


def table_for(texts: Iterable[str]) -> Table:
    """Return the table if any of `texts` holds a `:shortcode:`, else an empty one without asking the cache."""
    return table() if any(SHORTCODE.search(text) for text in texts if ":" in text) else {}


def used_in(emojis: Table, *texts: str) -> list[entities.CustomEmoji]:
    """Return the entities of the custom emojis the texts use (copies: the table is shared)."""
    if not emojis:
        return []
    return [emojis[code].copy() for code in shortcodes_in(*texts) if code in emojis]


def forget() -> None:
    """Drop the cached table (after the change commits, so no reader caches what came before it)."""

    def drop() -> None:
        try:
            caches["default"].delete(_key())
        except Exception:
            logger.warning("cache unavailable; the custom emoji table lives out its %s", TABLE_TTL, exc_info=True)

    transaction.on_commit(drop)


def _changed(**_: Any) -> None:
    forget()


def forget_on_change() -> None:
    """Drop the cached table whenever an emoji is saved or deleted."""
    post_save.connect(_changed, sender=CustomEmoji, dispatch_uid="server.emoji_saved")
    post_delete.connect(_changed, sender=CustomEmoji, dispatch_uid="server.emoji_deleted")
