"""Which accounts a viewer may see: never a suspended one, never one on either side of a block."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from photogram.accounts.models import Block, User


class AccountNotFound(LookupError):
    """No such account, or one the viewer may not see (the two are indistinguishable on purpose)."""


def visible_accounts(viewer: User | None) -> QuerySet[User]:
    """Return the accounts `viewer` (None: anonymous) may see."""
    accounts = User.objects.filter(suspended_at__isnull=True, is_active=True)
    if viewer is None:
        return accounts
    blocked_either_way = Block.objects.filter(
        Q(blocker=viewer, blocked=OuterRef("pk")) | Q(blocker=OuterRef("pk"), blocked=viewer)
    )
    return accounts.exclude(Exists(blocked_either_way))


def get_visible_account(viewer: User | None, account_id: int) -> User:
    """Return the account `account_id` if `viewer` may see it, else raise AccountNotFound."""
    try:
        return visible_accounts(viewer).get(pk=account_id)
    except User.DoesNotExist:
        raise AccountNotFound(account_id) from None


def is_blocked_either_way(first: User, second: User) -> bool:
    """Return whether either of two people blocks the other."""
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first)).exists()
