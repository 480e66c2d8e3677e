"""Absolute URLs of this instance, as clients and other servers see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed

# The settings absolute URLs of pages, media, static files and the streaming API are built from.
URL_SETTINGS = frozenset({"PUBLIC_URL", "MEDIA_URL", "STATIC_URL", "STORAGES", "STREAMING_URL"})


def absolute_url(path: str) -> str:
    """Return `path` under the instance's public URL (PHOTOGRAM_PUBLIC_URL); a full URL (object storage, a CDN)
    is returned as it is."""
    if urlsplit(path).scheme:
        return path
    return settings.PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")


def forget_when_urls_change(forget: Callable[[], None]) -> None:
    """Call `forget` whenever a setting URLs are built from changes (tests override them), so no cache of
    built URLs outlives it."""

    def receiver(*, setting: str, **_: Any) -> None:
        if setting in URL_SETTINGS:
            forget()

    setting_changed.connect(receiver, weak=False)
