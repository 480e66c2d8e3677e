"""Media tasks: entry points that take ids and call the processing service."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings

from photogram.core.tasks import enqueue_on_commit
from photogram.media.services import processing

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES, soft_time_limit=600, time_limit=660)
def process_media(self: Task[Any, Any], media_id: int) -> None:
    """Process an upload; retry unexpected failures with backoff, then record the failure so nothing hangs."""
    try:
        processing.process(media_id)
    except Exception as error:
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error
        logger.exception("processing media %s failed for good", media_id)
        processing.mark_failed(media_id, "Processing failed unexpectedly. Please upload the file again.")
        return
    if settings.MEDIA_FORMATS["deferred"]:
        enqueue_on_commit(add_deferred_formats, media_id)


@shared_task(acks_late=True, soft_time_limit=1200, time_limit=1260)
def add_deferred_formats(media_id: int) -> None:
    """Make the costly formats of a ready upload."""
    processing.add_deferred_formats(media_id)


@shared_task(acks_late=True)
def delete_unattached_media() -> int:
    """Delete uploads no post took within a day."""
    return processing.delete_unattached(settings.UNATTACHED_MEDIA_LIFETIME_HOURS)
