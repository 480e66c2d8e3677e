"""Enqueueing Celery tasks the one safe way: after the transaction commits, with ids for arguments."""

from __future__ import annotations

from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from kombu import serialization


def enqueue_on_commit(task: Task[Any, Any], *args: Any, **kwargs: Any) -> None:
    """Send `task` once the current transaction commits (at once outside one); drop it on rollback.

    A task sent before commit could run before its rows are visible, or for rows that a rollback removes.
    On the embedded profile the task runs inline; its arguments still make the round trip through the
    broker's serializer first, so an argument a worker could not receive (a model instance) fails here too.
    """

    def send() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            content_type, encoding, payload = serialization.dumps([list(args), kwargs], serializer="json")
            call_args, call_kwargs = serialization.loads(payload, content_type, encoding)
            run_inline(task, call_args, call_kwargs)
        else:
            task.apply_async(args=args, kwargs=kwargs)

    transaction.on_commit(send, robust=False)


def run_inline(task: Task[Any, Any], args: list[Any] | tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Run `task` here and now, as the embedded profile does with every task.

    `apply`, not an eager `apply_async`: the latter flips a process-wide flag around the call and puts it
    back afterwards, so two threads doing it at once can leave it set, after which any result.get() in the
    process refuses to run (seen with concurrent likes).
    """
    task.apply(args=tuple(args), kwargs=kwargs, throw=True)
