"""Whom to follow: accounts followed by the people one follows (ranked by how many), then popular ones.

Never oneself, an account one follows or asked to follow, one blocked either way, muted, suspended, locked
(not discoverable: `directory.discoverable_accounts`), or one dismissed with `dismiss`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet

from photogram.accounts.models import Follow, FollowRequest, User
from photogram.discovery.models import SuggestionDismissal
from photogram.discovery.services.directory import discoverable_accounts

Source = Literal["friends_of_friends", "most_followed"]


@dataclass(frozen=True)
class Suggestion:
    account: User
    sources: tuple[Source, ...]


def candidates(viewer: User) -> QuerySet[User]:
    """Return the accounts that may be suggested to the viewer."""
    return (
        discoverable_accounts(viewer)
        .exclude(pk=viewer.pk)
        .exclude(Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk"))))
        .exclude(Exists(FollowRequest.objects.filter(requester=viewer, target=OuterRef("pk"))))
        .exclude(Exists(SuggestionDismissal.objects.filter(account=viewer, target=OuterRef("pk"))))
    )


def suggest(viewer: User, limit: int) -> list[Suggestion]:
    """Return up to `limit` suggestions, friends of friends first."""
    pool = candidates(viewer)
    friends = Follow.objects.filter(follower=viewer, followee__suspended_at__isnull=True, followee__is_active=True)
    friends_of_friends = (
        Follow.objects.filter(follower_id__in=friends.values("followee_id"), followee__in=pool)
        .values("followee_id")
        .annotate(friends=Count("follower_id"))
        .order_by("-friends", "-followee__followers_count", "-followee_id")
    )
    popular = pool.filter(followers_count__gt=0).order_by("-followers_count", "-id").values_list("pk", flat=True)
    sources: dict[int, list[Source]] = {}
    for row in friends_of_friends[:limit]:
        sources[row["followee_id"]] = ["friends_of_friends"]
    for account_id in popular[:limit]:
        sources.setdefault(account_id, []).append("most_followed")
    chosen = list(sources)[:limit]
    accounts = pool.in_bulk(chosen)
    return [
        Suggestion(accounts[account_id], tuple(sources[account_id])) for account_id in chosen if account_id in accounts
    ]


def dismiss(viewer: User, account_id: int) -> None:
    """Never suggest `account_id` to the viewer again (an unknown id, or one dismissed before: no change)."""
    if account_id == viewer.pk or not User.objects.filter(pk=account_id).exists():
        return
    try:
        with transaction.atomic():
            SuggestionDismissal.objects.create(account=viewer, target_id=account_id)
    except IntegrityError:
        pass  # dismissed already
