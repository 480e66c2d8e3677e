"""What a signed-in page needs to go live: where its stream opens, and how many notifications are unread.

The page's script (static/photogram/live.js) opens the streaming API's WebSocket with the session cookie
(photogram/streaming/app.py says why a cookie and not a token); the server renders the unread count, so the
badge is right before any script runs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from photogram.accounts.models import User
from photogram.notifications.services import reading

# The badge says "99+" past this: counting further costs more than it tells.
UNREAD_SHOWN = 99


def stream_url() -> str:
    """Return the streaming API's WebSocket address."""
    return f"{settings.STREAMING_URL}/api/v1/streaming"


def unread_count(viewer: User) -> int:
    """Return how many of the viewer's notifications are newer than their marker, counting up to 100."""
    return reading.unread_count(viewer, reading.Selection(), limit=UNREAD_SHOWN + 1)


def live(request: HttpRequest) -> dict[str, Any]:
    """The template context of a signed-in page's live parts (nothing for visitors); counted only if shown."""
    viewer = request.user
    if not isinstance(viewer, User) or not viewer.is_authenticated:
        return {}
    return {"stream_url": stream_url(), "unread": SimpleLazyObject(lambda: unread_count(viewer))}
