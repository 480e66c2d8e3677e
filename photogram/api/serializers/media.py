"""Mastodon's MediaAttachment entity, with Photogram's extensions (processing state, renditions, camera)."""

from __future__ import annotations

import functools
from typing import Any, Literal, cast

from django.core.files.storage import default_storage

from photogram.accounts.models import User
from photogram.api import entities
from photogram.core.urls import absolute_url, forget_when_urls_change
from photogram.media.models import MediaAttachment

# Which rendition stands for the full-size file and which for the preview, best first.
FULL_SIZE = ("1080p", "720p", "animation", "1080", "full", "640", "320")
PREVIEW = ("poster", "640", "full", "320", "thumbnail")
SERVED_FORMATS = ("mp4", "webp", "jpeg", "gif")
# The model's choices, as the entity's types name them.
MediaKind = Literal["image", "video", "gifv", "unknown"]
MediaState = Literal["pending", "processing", "ready", "failed"]


@functools.lru_cache(maxsize=65536)
def served_url(path: str) -> str:
    """Return the public URL of a served file.

    Cached: a page of posts names hundreds of renditions, and the storage's URL building (a urljoin and
    quoting per file) was a large share of hydrating one (docs/performance.md). Served files have stable,
    unsigned URLs, so an entry only goes stale when the storage settings change.
    """
    return absolute_url(default_storage.url(path))


forget_when_urls_change(served_url.cache_clear)


def _pick(media: MediaAttachment, names: tuple[str, ...]) -> dict[str, Any] | None:
    for name in names:
        formats = media.renditions.get(name, {})
        for file_format in SERVED_FORMATS:
            if file_format in formats:
                return dict(formats[file_format])
    return None


def _size(entry: dict[str, Any]) -> entities.MediaSize:
    width, height = entry["width"], entry["height"]
    return {"width": width, "height": height, "size": f"{width}x{height}", "aspect": round(width / height, 4)}


def serialize_media(media: MediaAttachment, viewer: User | None) -> entities.MediaAttachment:
    """Return the attachment as Mastodon clients read it; `url` stays null until processing is done."""
    full, preview = _pick(media, FULL_SIZE), _pick(media, PREVIEW)
    meta: entities.MediaMeta = {"focus": {"x": media.focus_x, "y": media.focus_y}}
    if full is not None and media.width and media.height:
        original = _size({"width": media.width, "height": media.height})
        if media.duration_seconds is not None:
            original["duration"] = media.duration_seconds
            meta["duration"] = media.duration_seconds
        meta["original"] = original
    if preview is not None:
        meta["small"] = _size(preview)
    is_owner = viewer is not None and viewer.pk == media.owner_id
    return {
        "id": str(media.pk),
        "type": cast(MediaKind, media.kind) if media.state == MediaAttachment.State.READY else "unknown",
        "url": served_url(full["path"]) if full else None,
        "preview_url": served_url(preview["path"]) if preview else None,
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": meta,
        "description": media.description or None,
        "blurhash": media.blurhash or None,
        "processing": {"state": cast(MediaState, media.state), "failure_reason": media.failure_reason or None},
        "renditions": [
            {
                "name": name,
                "format": file_format,
                "url": served_url(entry["path"]),
                "width": entry["width"],
                "height": entry["height"],
                "content_type": entry["content_type"],
            }
            for name, formats in sorted(media.renditions.items())
            for file_format, entry in sorted(formats.items())
        ],
        "camera": media.camera if (is_owner or media.show_camera) else None,
    }
