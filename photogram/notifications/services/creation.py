"""Making and removing notifications: what the notify tasks do, each idempotent (one entry per cause).

Nothing is made for oneself, from an account one blocks or is blocked by, from one muted with its
notifications, from an account suspended or gone, or about a post the recipient may not see; the recipient's
policy may still hold it back (filter) or drop it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from photogram.access.querysets import can_view
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.core.ids import decode, shard_for_owner
from photogram.core.ids.fields import next_id
from photogram.notifications.services import causes, delivery, policy, unread
from photogram.notifications.stores import InboxEntry, inboxes
from photogram.posts.models import Favourite, Mention, Status


def _active(account_id: int) -> User | None:
    return User.objects.filter(pk=account_id, is_active=True, suspended_at__isnull=True).first()


def _silenced(recipient: User, actor: User) -> bool:
    """Return whether the recipient must not hear from the actor: a block either way, a notification mute."""
    blocked = Block.objects.filter(Q(blocker=recipient, blocked=actor) | Q(blocker=actor, blocked=recipient)).exists()
    return blocked or Mute.objects.filter(muter=recipient, muted=actor, hide_notifications=True).exists()


def notify(
    recipient_id: int,
    type_: str,
    from_account_id: int,
    status: Status | None = None,
    *,
    revision: int | None = None,
) -> InboxEntry | None:
    """Give the recipient a notification of `type_` from the actor (about `status`), unless a rule says no
    or one with the same cause is there; return the new entry, None if none was made."""
    if recipient_id == from_account_id:
        return None
    recipient, actor = _active(recipient_id), _active(from_account_id)
    if recipient is None or actor is None or _silenced(recipient, actor):
        return None
    if status is not None and not can_view(recipient, status):
        return None
    action = policy.decide(recipient, actor, type_, status)
    if action == policy.Action.DROP:
        return None
    notification_id = next_id(shard_for_owner(recipient_id))
    created_at = decode(notification_id).created_at
    status_id = status.pk if status is not None else None
    entry = InboxEntry(
        id=notification_id,
        type=type_,
        from_account_id=from_account_id,
        status_id=status_id,
        group_key=causes.group_key(type_, status_id, created_at, notification_id),
        cause=causes.cause(type_, from_account_id, status_id, revision=revision),
        created_at=created_at,
        filtered=action == policy.Action.FILTER,
    )
    if not inboxes.default.add(recipient_id, entry):
        return None
    delivery.delivered(entry, recipient_id)
    return entry


def withdraw(recipient_id: int, cause: str) -> None:
    """Take back the notification one cause made (an unlike, an unfollow, an answered request)."""
    if inboxes.default.remove_cause(recipient_id, cause) is not None:
        unread.forget(recipient_id)


def followed(follower_id: int, followee_id: int) -> None:
    """Tell someone of a new follower."""
    notify(followee_id, causes.FOLLOW, follower_id)


def follow_requested(requester_id: int, target_id: int) -> None:
    """Tell the owner of a locked account of a request to follow it."""
    notify(target_id, causes.FOLLOW_REQUEST, requester_id)


def unfollowed(follower_id: int, followee_id: int) -> None:
    """Take back the follow (or request) notification of a follow that ended or a request withdrawn."""
    withdraw(followee_id, causes.cause(causes.FOLLOW, follower_id))
    withdraw(followee_id, causes.cause(causes.FOLLOW_REQUEST, follower_id))


def follow_request_answered(requester_id: int, owner_id: int) -> None:
    """Take the request's notification away once the owner authorised or rejected it."""
    withdraw(owner_id, causes.cause(causes.FOLLOW_REQUEST, requester_id))


def favourited(actor_id: int, status_id: int) -> None:
    """Tell an author of a like, if it still stands when the task runs."""
    status = Status.objects.filter(pk=status_id).first()
    if status is not None and Favourite.objects.filter(account_id=actor_id, status=status).exists():
        notify(status.author_id, causes.FAVOURITE, actor_id, status)


def unfavourited(actor_id: int, status_id: int, author_id: int) -> None:
    """Take back a like's notification."""
    withdraw(author_id, causes.cause(causes.FAVOURITE, actor_id, status_id))


def published(status_id: int) -> None:
    """Tell those a new post or comment is for: whom it mentions or answers, and followers who asked."""
    status = Status.objects.filter(pk=status_id).first()
    if status is None:
        return
    _mention(status)
    if status.in_reply_to_id is None and status.visibility != Status.Visibility.DIRECT:
        asked = Follow.objects.filter(followee_id=status.author_id, notify=True).values_list("follower_id", flat=True)
        for follower_id in asked.iterator():
            notify(follower_id, causes.STATUS, status.author_id, status)


def edited(status_id: int, revision: int) -> None:
    """Tell those who liked or commented on a post that it changed, and anyone the edit newly mentions.

    Each edit is its own cause (its `revision`), as on Mastodon: two edits make two notifications.
    """
    status = Status.objects.filter(pk=status_id).first()
    if status is None:
        return
    _mention(status)
    likers = Favourite.objects.filter(status=status).values_list("account_id", flat=True)
    commenters = Status.objects.filter(in_reply_to=status).values_list("author_id", flat=True)
    for account_id in sorted(set(likers) | set(commenters)):
        notify(account_id, causes.UPDATE, status.author_id, status, revision=revision)


def _mention(status: Status) -> None:
    # A comment tells the account it answers as a mention, as on Mastodon; one notification if it also names it.
    mentioned = set(Mention.objects.filter(status=status).values_list("account_id", flat=True))
    if status.in_reply_to_account_id is not None:
        mentioned.add(status.in_reply_to_account_id)
    for account_id in sorted(mentioned):
        notify(account_id, causes.MENTION, status.author_id, status)


def deleted(status_ids: Iterable[int], recipient_ids: Iterable[int]) -> None:
    """Take the notifications about deleted posts out of the inboxes that may hold them."""
    doomed = set(status_ids)
    for recipient_id in set(recipient_ids):
        if inboxes.default.remove_where(recipient_id, lambda entry: entry.status_id in doomed):
            unread.forget(recipient_id)


def signed_up(account_id: int) -> None:
    """Tell the staff of a new account."""
    staff = User.objects.filter(is_staff=True, is_active=True, suspended_at__isnull=True).values_list("pk", flat=True)
    for staff_id in staff:
        notify(staff_id, causes.ADMIN_SIGN_UP, account_id)


def recipients_of_deleted(status_ids: list[int]) -> list[int]:
    """Return who may hold notifications about these posts (read before they are deleted): their authors
    (likes), whom they mention or answer, who liked or commented on them (edits), followers who asked."""
    posts = Status.objects.filter(pk__in=status_ids)
    found = set(posts.values_list("author_id", flat=True))
    found |= {account for account in posts.values_list("in_reply_to_account_id", flat=True) if account is not None}
    found |= set(Mention.objects.filter(status_id__in=status_ids).values_list("account_id", flat=True))
    found |= set(Favourite.objects.filter(status_id__in=status_ids).values_list("account_id", flat=True))
    found |= set(Status.objects.filter(in_reply_to_id__in=status_ids).values_list("author_id", flat=True))
    authors = posts.filter(in_reply_to__isnull=True).values_list("author_id", flat=True)
    found |= set(Follow.objects.filter(followee_id__in=authors, notify=True).values_list("follower_id", flat=True))
    return sorted(found)
