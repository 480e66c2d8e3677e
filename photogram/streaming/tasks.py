"""Streaming tasks: entry points that take ids and call `services.publish`."""

from __future__ import annotations

from celery import shared_task

from photogram.access.audience import receiving_follows
from photogram.feeds.services.fanout import is_fed
from photogram.lists.services import audience as list_audience
from photogram.posts.models import Status
from photogram.streaming.services import publish


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def publish_edit(status_id: int) -> int:
    """Publish `status.update` of an edited post to the streams that showed it; return how many readers."""
    status = Status.objects.filter(pk=status_id).first()
    if status is None:
        return 0
    readers: list[int] = []
    lists: list[int] = []
    if is_fed(status):
        readers = list(receiving_follows(status.author_id).values_list("follower_id", flat=True))
        lists = list_audience.lists_holding(status.author_id)
    publish.post_edited(status_id, readers, lists)
    return len(readers)
