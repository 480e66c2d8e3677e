"""Story tasks: entry points that take ids and call the services."""

from __future__ import annotations

from celery import shared_task

from photogram.media.services import processing
from photogram.stories.services import files, reply_delivery


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def make_vertical_rendition(media_id: int) -> None:
    """Make the 9:16 rendition a story is shown in (safe to run again: it is made once)."""
    processing.add_vertical_rendition(media_id)


@shared_task(acks_late=True)
def expire_stories() -> int:
    """Delete what expired stories leave behind: their files (unless highlighted) and, on embedded, rows."""
    return files.expire_stories()


@shared_task(acks_late=True)
def reply_sent(reply_id: int) -> None:
    """Notify a story's author of a reply or reaction, and hand it to direct messages."""
    reply_delivery.reply_sent(reply_id)
