"""The transactional outbox: a task recorded in the transaction of the change it follows from, sent later.

`enqueue` writes an `OutboxMessage` row beside the post (or follow) that needs the task, so either both
commit or neither does. The relay (`manage.py outbox_relay` on the full profile) sends committed rows to
RabbitMQ and stamps them sent; while RabbitMQ is down it keeps them and tries again. Delivery is at least
once (a relay that dies after sending and before stamping sends again), which the tasks' idempotence makes
harmless. On the embedded profile the row is relayed inline as soon as its transaction commits.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu import serialization

from photogram.celery import app
from photogram.core.tasks import run_inline
from photogram.feeds.models import OutboxMessage

# Sent rows are kept a day, for looking into what was sent when.
KEEP_SENT = timedelta(days=1)


def enqueue(task_name: str, *args: int) -> None:
    """Record `task_name(*args)` to be sent once the current transaction commits (never if it rolls back)."""
    message = OutboxMessage.objects.create(task=task_name, args=list(args))
    if settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: _relay_inline(message), robust=False)


def relay_pending(limit: int = 500) -> int:
    """Send up to `limit` committed, unsent rows, oldest first; return how many were sent.

    Rows are locked while sent (SKIP LOCKED), so several relays can run side by side without sending a row
    twice. When the broker refuses, the rows sent before are stamped, the others get the failure counted,
    and the broker's error is raised.
    """
    with transaction.atomic():
        pending = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .order_by("id")[:limit]
        )
        sent, failure = _relay(pending)
    if failure is not None:
        raise failure
    return sent


def delete_sent() -> int:
    """Delete the rows sent more than a day ago; return how many."""
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    return deleted


def _relay(messages: Sequence[OutboxMessage]) -> tuple[int, Exception | None]:
    sent: list[int] = []
    failure = None
    for message in messages:
        try:
            _send(message.task, message.args)
        except Exception as error:
            failure = error
            unsent = [row.pk for row in messages if row.pk not in set(sent)]
            OutboxMessage.objects.filter(pk__in=unsent).update(attempts=F("attempts") + 1, last_error=str(error)[:1000])
            break
        sent.append(message.pk)
    OutboxMessage.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent), failure


def _relay_inline(message: OutboxMessage) -> None:
    _, failure = _relay([message])
    if failure is not None:
        raise failure


def _send(task_name: str, args: list[Any]) -> None:
    # Tasks register when their module is imported, which a web process or the relay may not have done yet.
    importlib.import_module(task_name.rpartition(".")[0])
    task = app.tasks[task_name]
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # The same JSON round trip a broker would make, so what runs inline could run on a worker.
        content_type, encoding, payload = serialization.dumps(args, serializer="json")
        run_inline(task, tuple(serialization.loads(payload, content_type, encoding)), {})
    else:
        # No retry here: the relay's loop is the retry, and a call that blocks on a dead broker holds row locks.
        task.apply_async(args=tuple(args), retry=False)
