"""Push tasks (queue `notify`): entry points that take ids and call `services.sending`."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task

from photogram.push.services import sending

logger = logging.getLogger(__name__)

# Attempts after the first, waiting longer each time (BACKOFF) unless the push service says how long.
MAX_RETRIES = 5
BACKOFF_SECONDS = (15, 60, 300, 1200, 3600)


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=MAX_RETRIES, soft_time_limit=60, time_limit=90)
def deliver_push(self: Task[Any, Any], subscription_id: int, message: dict[str, Any]) -> str:
    """Send one notification to one push subscription; try again later when the push service asks."""
    outcome = sending.send(subscription_id, message)
    eager = bool(self.request.is_eager)
    if outcome.result is sending.Result.RETRY and eager:
        # Inline (embedded) nothing comes back later, and each attempt holds up the request: one more, now.
        outcome = sending.send(subscription_id, message)
    if outcome.result is not sending.Result.RETRY:
        return str(outcome.result)
    attempt = self.request.retries
    if eager or attempt >= MAX_RETRIES:
        logger.warning(
            "push to subscription %s given up after %s attempts", subscription_id, 2 if eager else attempt + 1
        )
        return "given up"
    wait = outcome.retry_after if outcome.retry_after is not None else BACKOFF_SECONDS[attempt]
    raise self.retry(countdown=wait)
