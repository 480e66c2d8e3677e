"""Discovery tasks: the periodic trends ranking (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from photogram.discovery.services import trends


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def refresh_trends() -> dict[str, int]:
    """Rank the trending hashtags and posts again; return how many of each."""
    ranking = trends.refresh()
    return {"tags": len(ranking["tags"]), "statuses": len(ranking["statuses"])}
