"""Notification tasks (queue "notify"): entry points that take ids and call `services.creation`."""

from __future__ import annotations

from celery import shared_task

from photogram.notifications.services import creation
from photogram.notifications.stores import InboxUnavailable

# An inbox store that is down (a Cassandra node restarting) is waited out, with backoff, for about an hour;
# every task is idempotent (one entry per cause), so a retry after a partial run adds nothing twice.
notify_task = shared_task(
    acks_late=True,
    autoretry_for=(InboxUnavailable,),
    retry_backoff=2,
    retry_backoff_max=600,
    max_retries=12,
    soft_time_limit=120,
    time_limit=150,
)


@notify_task
def followed(follower_id: int, followee_id: int) -> None:
    creation.followed(follower_id, followee_id)


@notify_task
def follow_requested(requester_id: int, target_id: int) -> None:
    creation.follow_requested(requester_id, target_id)


@notify_task
def unfollowed(follower_id: int, followee_id: int) -> None:
    creation.unfollowed(follower_id, followee_id)


@notify_task
def follow_request_answered(requester_id: int, owner_id: int) -> None:
    creation.follow_request_answered(requester_id, owner_id)


@notify_task
def favourited(actor_id: int, status_id: int) -> None:
    creation.favourited(actor_id, status_id)


@notify_task
def unfavourited(actor_id: int, status_id: int, author_id: int) -> None:
    creation.unfavourited(actor_id, status_id, author_id)


@notify_task
def published(status_id: int) -> None:
    creation.published(status_id)


@notify_task
def edited(status_id: int, revision: int) -> None:
    creation.edited(status_id, revision)


@notify_task
def deleted(status_ids: list[int], recipient_ids: list[int]) -> None:
    creation.deleted(status_ids, recipient_ids)


@notify_task
def signed_up(account_id: int) -> None:
    creation.signed_up(account_id)
