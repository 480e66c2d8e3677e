"""What the other apps' services call when something happens that someone may be told of: one call each,
which sends a notify task once the caller's transaction commits (inline on the embedded profile)."""

from __future__ import annotations

from photogram.core.tasks import enqueue_on_commit
from photogram.notifications import tasks
from photogram.notifications.services.creation import recipients_of_deleted
from photogram.posts.models import Status


def followed(follower_id: int, followee_id: int) -> None:
    enqueue_on_commit(tasks.followed, follower_id, followee_id)


def follow_requested(requester_id: int, target_id: int) -> None:
    enqueue_on_commit(tasks.follow_requested, requester_id, target_id)


def unfollowed(follower_id: int, followee_id: int) -> None:
    enqueue_on_commit(tasks.unfollowed, follower_id, followee_id)


def follow_request_answered(requester_id: int, owner_id: int) -> None:
    enqueue_on_commit(tasks.follow_request_answered, requester_id, owner_id)


def favourited(actor_id: int, status: Status) -> None:
    enqueue_on_commit(tasks.favourited, actor_id, status.pk)


def unfavourited(actor_id: int, status: Status) -> None:
    enqueue_on_commit(tasks.unfavourited, actor_id, status.pk, status.author_id)


def published(status: Status) -> None:
    enqueue_on_commit(tasks.published, status.pk)


def edited(status: Status) -> None:
    enqueue_on_commit(tasks.edited, status.pk, status.revision)


def deleting(status_ids: list[int]) -> None:
    """Call before the posts are deleted: who may hold notifications about them is read from their rows."""
    enqueue_on_commit(tasks.deleted, status_ids, recipients_of_deleted(status_ids))


def signed_up(account_id: int) -> None:
    enqueue_on_commit(tasks.signed_up, account_id)
