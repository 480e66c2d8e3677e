"""Direct-message tasks (queue `notify`): entry points that take ids and call `services.delivery`."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from photogram.direct.services import delivery


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=60, time_limit=90)
def deliver_message(thread_id: int, message_id: int) -> int:
    """Deliver a new message to the other members of its thread (streams and Web Push)."""
    return delivery.deliver_message(thread_id, message_id)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=60, time_limit=90)
def deliver_event(thread_id: int, actor_id: int, event: str, payload: dict[str, Any]) -> int:
    """Deliver an unsend, reaction, read receipt or typing indicator to the other members' streams."""
    return delivery.deliver_event(thread_id, actor_id, event, payload)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=300, time_limit=330)
def purge_thread(thread_id: int) -> None:
    """Delete the messages and media of a thread its last member left."""
    delivery.purge_thread(thread_id)
