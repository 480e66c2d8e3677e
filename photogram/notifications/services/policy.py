"""The notification policy (Mastodon 4.3): whom one takes notifications from, and what becomes of the rest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from photogram.accounts.models import Follow, User
from photogram.notifications.models import NotificationPermission, NotificationPolicy
from photogram.notifications.services.causes import MENTION, UNFILTERABLE_TYPES
from photogram.posts.models import Status

Action = NotificationPolicy.Action
NEW_ACCOUNT_AGE = timedelta(days=30)
SETTINGS = (
    "for_not_following",
    "for_not_followers",
    "for_new_accounts",
    "for_private_mentions",
    "for_limited_accounts",
)
_STRENGTH: dict[str, int] = {Action.ACCEPT: 0, Action.FILTER: 1, Action.DROP: 2}


class PolicyRefused(ValueError):
    """A policy value is not accept, filter or drop (answered as 422)."""


def policy_of(owner: User) -> NotificationPolicy:
    """Return the owner's policy (the defaults, unsaved, for someone who never changed it)."""
    found = NotificationPolicy.objects.filter(owner=owner).first()
    return found if found is not None else NotificationPolicy(owner=owner)


def update(owner: User, changes: Mapping[str, str]) -> NotificationPolicy:
    """Set some of the owner's policy values; raise PolicyRefused for a value that is not an action."""
    for name, value in changes.items():
        if name not in SETTINGS or value not in Action.values:
            raise PolicyRefused(f"{name} must be one of accept, filter, drop")
    with transaction.atomic():
        policy = NotificationPolicy.objects.select_for_update().filter(owner=owner).first()
        if policy is None:
            policy = NotificationPolicy(owner=owner, **changes)
            try:
                with transaction.atomic():
                    policy.save(force_insert=True)
            except IntegrityError:  # a concurrent first change: apply ours over it
                NotificationPolicy.objects.filter(owner=owner).update(**changes)
                return NotificationPolicy.objects.get(owner=owner)
            return policy
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.save()
    return policy


def decide(recipient: User, actor: User, type_: str, status: Status | None) -> str:
    """Return what the recipient's policy does with this notification: accept, filter or drop."""
    if type_ in UNFILTERABLE_TYPES or NotificationPermission.objects.filter(owner=recipient, account=actor).exists():
        return Action.ACCEPT
    policy = policy_of(recipient)
    follows_actor = Follow.objects.filter(follower=recipient, followee=actor).exists()
    applying = []
    if not follows_actor:
        applying.append(policy.for_not_following)
        private = type_ == MENTION and status is not None and status.visibility == Status.Visibility.DIRECT
        if private:
            applying.append(policy.for_private_mentions)
    if (
        policy.for_not_followers != Action.ACCEPT
        and not Follow.objects.filter(follower=actor, followee=recipient).exists()
    ):
        applying.append(policy.for_not_followers)
    if actor.date_joined > timezone.now() - NEW_ACCOUNT_AGE:
        applying.append(policy.for_new_accounts)
    # for_limited_accounts: no account is limited here (moderation suspends or leaves alone).
    return max(applying, key=_STRENGTH.__getitem__, default=Action.ACCEPT)
