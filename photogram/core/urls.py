"""Absolute URLs of this instance, as clients and other servers see it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return `path` under the instance's public URL (PHOTOGRAM_PUBLIC_URL); a full URL (object storage, a CDN)
    is returned as it is."""
    if urlsplit(path).scheme:
        return path
    return settings.PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")
