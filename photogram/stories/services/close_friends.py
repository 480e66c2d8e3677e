"""An author's close-friends list: who sees the stories shared with close friends only."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from photogram.access.querysets import visible_accounts
from photogram.accounts.models import User
from photogram.stories.models import CloseFriend

MAX_CLOSE_FRIENDS = 1000


class CloseFriendsRefused(Exception):
    """The list cannot be changed so; the message says why."""


def close_friends(owner: User) -> QuerySet[User]:
    """Return the accounts on the owner's list that they can still see, most recently added first."""
    return visible_accounts(owner).filter(close_friend_of__owner=owner).order_by("-close_friend_of__created_at")


def add(owner: User, account_ids: Sequence[int]) -> None:
    """Put accounts (ones the owner may see) on the list; those already on it stay as they are."""
    wanted = set(account_ids)
    if owner.pk in wanted:
        raise CloseFriendsRefused("You cannot add yourself to your close friends.")
    found = set(visible_accounts(owner).filter(pk__in=wanted).values_list("pk", flat=True))
    if missing := wanted - found:
        raise CloseFriendsRefused(f"No account {min(missing)} to add.")
    present = set(CloseFriend.objects.filter(owner=owner).values_list("friend_id", flat=True))
    if len(present | found) > MAX_CLOSE_FRIENDS:
        raise CloseFriendsRefused(f"A close-friends list holds at most {MAX_CLOSE_FRIENDS} accounts.")
    CloseFriend.objects.bulk_create(
        [CloseFriend(owner=owner, friend_id=pk) for pk in sorted(found - present)], ignore_conflicts=True
    )


def remove(owner: User, account_ids: Sequence[int]) -> None:
    """Take accounts off the list (those not on it are ignored)."""
    CloseFriend.objects.filter(owner=owner, friend_id__in=list(account_ids)).delete()
