"""Waiting for uploads the real pipeline processes (at once on embedded, by the Celery worker on full)."""

from __future__ import annotations

import time
from typing import Any

from mastodon import Mastodon


def wait_until_done(client: Mastodon, media_id: str, timeout: float = 90) -> Any:
    """Return the attachment once it has a URL (ready), or as it is when the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        media = client.media(media_id)
        if media.url is not None or time.monotonic() > deadline:
            return media
        time.sleep(0.2)
