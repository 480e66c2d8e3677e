"""Following, follow requests, blocks and mutes, with exact follower and following counts.

Every change to a Follow row and to the two counts it moves happens in one transaction, so the counts are
exactly the number of rows at every commit, whatever runs concurrently (the row insert or delete decides,
under the unique constraint, whether the counts move at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from photogram.access.querysets import AccountNotFound, is_blocked_either_way
from photogram.accounts.models import Block, Follow, FollowRequest, Mute, User
from photogram.accounts.signals import account_blocked
from photogram.core.counters.tracked import adjust_many
from photogram.discovery.models import Endorsement
from photogram.feeds.services import fanout
from photogram.notifications.services import hooks as notify


class GraphActionRefused(Exception):
    """The action is not allowed between these two people; the message says why.

    `forbidden`: the action could be allowed later (after an unblock), as opposed to making no sense at all.
    """

    def __init__(self, message: str, *, forbidden: bool = False) -> None:
        super().__init__(message)
        self.forbidden = forbidden


@dataclass(frozen=True)
class Relationship:
    """How `viewer` and one other account relate, in both directions (Mastodon's Relationship entity)."""

    account_id: int
    following: bool
    followed_by: bool
    requested: bool
    requested_by: bool
    blocking: bool
    blocked_by: bool
    muting: bool
    muting_notifications: bool
    endorsed: bool
    notifying: bool


def follow(actor: User, target: User, *, notify_posts: bool | None = None) -> Relationship:
    """Follow `target`, or ask to when the account is locked. Doing it twice changes nothing.

    notify_posts: be notified of each new post of theirs (True), stop being (False), or leave it (None).
    """
    if actor.pk == target.pk:
        raise GraphActionRefused("You cannot follow yourself.")
    if Block.objects.filter(blocker=target, blocked=actor).exists():
        raise AccountNotFound(target.pk)
    if Block.objects.filter(blocker=actor, blocked=target).exists():
        raise GraphActionRefused("You are blocking this account. Unblock it first to follow it.", forbidden=True)
    existing = Follow.objects.filter(follower=actor, followee=target)
    if not existing.exists():
        if target.locked:
            _, asked = FollowRequest.objects.get_or_create(requester=actor, target=target)
            if asked:
                notify.follow_requested(actor.pk, target.pk)
        else:
            _create_follow(actor, target, notify_posts=bool(notify_posts))
            notify.followed(actor.pk, target.pk)
    elif notify_posts is not None:
        existing.update(notify=notify_posts)
    return relationships(actor, [target.pk])[0]


def unfollow(actor: User, target: User) -> Relationship:
    """Stop following `target`, or withdraw a pending request."""
    with transaction.atomic():
        _delete_follow(actor, target)
        FollowRequest.objects.filter(requester=actor, target=target).delete()
        notify.unfollowed(actor.pk, target.pk)
    return relationships(actor, [target.pk])[0]


def follow_requests(owner: User) -> QuerySet[FollowRequest]:
    """Return the requests waiting for `owner`'s answer, from accounts still active, with their requester."""
    return FollowRequest.objects.filter(
        target=owner, requester__suspended_at__isnull=True, requester__is_active=True
    ).select_related("requester")


def authorize_follow_request(owner: User, requester_id: int) -> Relationship:
    """Let the person who asked follow `owner`."""
    with transaction.atomic():
        request = FollowRequest.objects.select_for_update().filter(target=owner, requester_id=requester_id).first()
        if request is None:
            raise AccountNotFound(requester_id)
        requester = request.requester
        request.delete()
        if not is_blocked_either_way(owner, requester):
            _create_follow(requester, owner)
        notify.follow_request_answered(requester_id, owner.pk)
    return relationships(owner, [requester_id])[0]


def reject_follow_request(owner: User, requester_id: int) -> Relationship:
    """Turn down a request to follow `owner`."""
    deleted, _ = FollowRequest.objects.filter(target=owner, requester_id=requester_id).delete()
    if not deleted:
        raise AccountNotFound(requester_id)
    notify.follow_request_answered(requester_id, owner.pk)
    return relationships(owner, [requester_id])[0]


def block(actor: User, target: User) -> Relationship:
    """Block `target`: end follows and requests both ways; each stops seeing the other."""
    if actor.pk == target.pk:
        raise GraphActionRefused("You cannot block yourself.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                Block.objects.create(blocker=actor, blocked=target)
        except IntegrityError:
            pass  # Already blocked: blocking again changes nothing.
        _delete_follow(actor, target)
        _delete_follow(target, actor)
        FollowRequest.objects.filter(Q(requester=actor, target=target) | Q(requester=target, target=actor)).delete()
        account_blocked.send(sender=User, blocker=actor, blocked=target)
    return relationships(actor, [target.pk])[0]


def unblock(actor: User, target: User) -> Relationship:
    """Lift a block (follows it ended stay ended)."""
    Block.objects.filter(blocker=actor, blocked=target).delete()
    return relationships(actor, [target.pk])[0]


def mute(actor: User, target: User, *, notifications: bool = True) -> Relationship:
    """Mute `target`'s posts, and their notifications too unless `notifications` is false."""
    if actor.pk == target.pk:
        raise GraphActionRefused("You cannot mute yourself.")
    Mute.objects.update_or_create(muter=actor, muted=target, defaults={"hide_notifications": notifications})
    return relationships(actor, [target.pk])[0]


def unmute(actor: User, target: User) -> Relationship:
    """Stop muting `target`."""
    Mute.objects.filter(muter=actor, muted=target).delete()
    return relationships(actor, [target.pk])[0]


def relationships(viewer: User, account_ids: Iterable[int]) -> list[Relationship]:
    """Return the viewer's relationship with each account, in the order asked, in a constant number of queries."""
    ids = list(dict.fromkeys(account_ids))
    following = dict(Follow.objects.filter(follower=viewer, followee_id__in=ids).values_list("followee_id", "notify"))
    followed_by = set(Follow.objects.filter(followee=viewer, follower_id__in=ids).values_list("follower_id", flat=True))
    requested = set(
        FollowRequest.objects.filter(requester=viewer, target_id__in=ids).values_list("target_id", flat=True)
    )
    requested_by = set(
        FollowRequest.objects.filter(target=viewer, requester_id__in=ids).values_list("requester_id", flat=True)
    )
    blocking = set(Block.objects.filter(blocker=viewer, blocked_id__in=ids).values_list("blocked_id", flat=True))
    blocked_by = set(Block.objects.filter(blocked=viewer, blocker_id__in=ids).values_list("blocker_id", flat=True))
    mutes = dict(Mute.objects.filter(muter=viewer, muted_id__in=ids).values_list("muted_id", "hide_notifications"))
    endorsed = set(Endorsement.objects.filter(account=viewer, target_id__in=ids).values_list("target_id", flat=True))
    return [
        Relationship(
            account_id=account_id,
            following=account_id in following,
            followed_by=account_id in followed_by,
            requested=account_id in requested,
            requested_by=account_id in requested_by,
            blocking=account_id in blocking,
            blocked_by=account_id in blocked_by,
            muting=account_id in mutes,
            muting_notifications=mutes.get(account_id, False),
            endorsed=account_id in endorsed,
            notifying=following.get(account_id, False),
        )
        for account_id in ids
    ]


def _create_follow(follower: User, followee: User, *, notify_posts: bool = False) -> None:
    with transaction.atomic():
        try:
            with transaction.atomic():
                Follow.objects.create(follower=follower, followee=followee, notify=notify_posts)
        except IntegrityError:
            return  # A concurrent request made the same follow; the counts already moved for it.
        adjust_many(User, {follower.pk: {"following_count": 1}, followee.pk: {"followers_count": 1}})
        fanout.on_followed(follower.pk, followee.pk)


def _delete_follow(follower: User, followee: User) -> None:
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(follower=follower, followee=followee).delete()
        if deleted:
            adjust_many(User, {follower.pk: {"following_count": -1}, followee.pk: {"followers_count": -1}})
            # One endorses only whom one follows.
            Endorsement.objects.filter(account=follower, target=followee).delete()
            # Unfollows, blocks (which end follows both ways) and removed followers all pass here.
            fanout.on_unfollowed(follower.pk, followee.pk)
