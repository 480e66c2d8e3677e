"""Threads and membership: starting one, finding one for a member, the inbox and requests, accepting or
deleting a request, muting, leaving a group.

Every read of a thread goes through `membership_of`: who is not a member (or left, or deleted the request)
gets ThreadNotFound, the same answer as for a thread that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, QuerySet

from photogram.access.querysets import AccountNotFound, visible_accounts
from photogram.accounts.models import Follow, User
from photogram.core.tasks import enqueue_on_commit
from photogram.core.window import CursorWindow
from photogram.direct import tasks
from photogram.direct.models import Membership, Thread

MAX_MEMBERS = 32
MAX_TITLE_LENGTH = 100


class ThreadNotFound(LookupError):
    """No such thread, or one the person is not in (the two are indistinguishable on purpose)."""


class DirectRefused(Exception):
    """What was asked cannot be done; `forbidden` when the person may not do it, else the input is at fault."""

    def __init__(self, message: str, *, forbidden: bool = False) -> None:
        super().__init__(message)
        self.forbidden = forbidden


def start(creator: User, account_ids: Sequence[int], *, title: str = "") -> Thread:
    """Return the thread of `creator` and `account_ids`: the pair's one thread for a single other person
    (made on first use), a new group for several. Who does not follow the creator gets it as a request."""
    others = list(dict.fromkeys(account_id for account_id in account_ids if account_id != creator.pk))
    if not others:
        raise DirectRefused("A thread needs at least one other person")
    if len(others) + 1 > MAX_MEMBERS:
        raise DirectRefused(f"A group has at most {MAX_MEMBERS} people, you included")
    if len(title) > MAX_TITLE_LENGTH:
        raise DirectRefused(f"A group's name has at most {MAX_TITLE_LENGTH} characters")
    # Unknown, suspended and blocked (either way) accounts look alike: nobody learns who blocked them.
    found = set(visible_accounts(creator).filter(pk__in=others).values_list("pk", flat=True))
    missing = [account_id for account_id in others if account_id not in found]
    if missing:
        raise AccountNotFound(missing[0])
    with transaction.atomic():
        if len(others) == 1 and not title:
            return _pair_thread(creator, others[0])
        thread = Thread.objects.create(creator=creator, is_group=True, title=title.strip())
        thread.last_activity_id = thread.pk
        thread.save(update_fields=["last_activity_id"])
        Membership.objects.create(thread=thread, user=creator)
        _add_members(thread, creator, others)
    return thread


def _pair_thread(creator: User, other_id: int) -> Thread:
    low, high = sorted((creator.pk, other_id))
    thread, made = Thread.objects.get_or_create(pair_key=f"{low}:{high}", defaults={"creator": creator})
    if made:
        thread.last_activity_id = thread.pk
        thread.save(update_fields=["last_activity_id"])
        Membership.objects.create(thread=thread, user=creator)
        _add_members(thread, creator, [other_id])
    elif not Membership.objects.filter(thread=thread, user=creator).exists():
        # Back after deleting it: the thread shows again, without what was said before.
        Membership.objects.create(thread=thread, user=creator, visible_after_id=thread.last_activity_id)
    return thread


def _add_members(thread: Thread, inviter: User, account_ids: Sequence[int]) -> None:
    following = set(
        Follow.objects.filter(followee=inviter, follower_id__in=account_ids).values_list("follower_id", flat=True)
    )
    Membership.objects.bulk_create(
        Membership(
            thread=thread,
            user_id=account_id,
            state=Membership.State.INBOX if account_id in following else Membership.State.REQUEST,
            # Nothing shows for them until a message arrives.
            visible_after_id=thread.last_activity_id,
        )
        for account_id in account_ids
    )


def rejoin_as_request(thread: Thread, user_id: int) -> None:
    """Bring back, as a request, the other person of a pair thread who deleted it (a new message came)."""
    Membership.objects.get_or_create(
        thread=thread,
        user_id=user_id,
        defaults={"state": Membership.State.REQUEST, "visible_after_id": thread.last_activity_id},
    )


def membership_of(user: User, thread_id: int, *, for_update: bool = False) -> Membership:
    """Return the person's membership of a thread (with the thread), else raise ThreadNotFound."""
    rows = Membership.objects.select_related("thread").filter(thread_id=thread_id, user=user)
    if for_update:
        rows = rows.select_for_update(of=("thread",))
    membership = rows.first()
    if membership is None:
        raise ThreadNotFound(thread_id)
    return membership


def member_ids(thread_id: int) -> list[int]:
    """Return the ids of the people in a thread."""
    return list(Membership.objects.filter(thread_id=thread_id).values_list("user_id", flat=True))


def listed(user: User, state: str) -> QuerySet[Membership]:
    """Return the person's memberships of threads in `state` that show something, `activity` annotated."""
    return (
        Membership.objects.filter(user=user, state=state, thread__last_activity_id__gt=F("visible_after_id"))
        .select_related("thread")
        .annotate(activity=F("thread__last_activity_id"))
    )


def page(user: User, state: str, window: CursorWindow) -> list[Membership]:
    """Return one page of the person's inbox (or requests), by last activity, newest first."""
    return window.filter(listed(user, state), "activity")


def accept(user: User, thread_id: int) -> Membership:
    """Move a request into the inbox."""
    membership = membership_of(user, thread_id)
    if membership.state != Membership.State.INBOX:
        membership.state = Membership.State.INBOX
        membership.save(update_fields=["state"])
    return membership


def delete_request(user: User, thread_id: int) -> None:
    """Delete a request: the thread leaves the person's requests (a new message brings a pair's back)."""
    membership = membership_of(user, thread_id)
    if membership.state != Membership.State.REQUEST:
        raise DirectRefused("This thread is not a request; leave it instead")
    _remove(membership)


def set_muted(user: User, thread_id: int, muted: bool) -> Membership:
    """Mute a thread (no push notifications for its messages) or unmute it."""
    membership = membership_of(user, thread_id)
    if membership.muted != muted:
        membership.muted = muted
        membership.save(update_fields=["muted"])
    return membership


def leave(user: User, thread_id: int) -> None:
    """Leave a group; the last to leave takes its messages with them."""
    membership = membership_of(user, thread_id)
    if not membership.thread.is_group:
        raise DirectRefused("Only a group can be left")
    _remove(membership)


def _remove(membership: Membership) -> None:
    thread_id = membership.thread_id
    membership.delete()
    if not Membership.objects.filter(thread_id=thread_id).exists():
        enqueue_on_commit(tasks.purge_thread, thread_id)
        Thread.objects.filter(pk=thread_id).delete()
