"""Absolute URLs of this instance, as clients and other servers see it."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return `path` under the instance's public URL (PHOTOGRAM_PUBLIC_URL)."""
    return settings.PUBLIC_URL.rstrip("/") + "/" + path.lstrip("/")
