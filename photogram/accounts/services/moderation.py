"""Moderators' actions on accounts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from photogram.accounts.models import User
from photogram.accounts.services.profile import revoke_tokens


def suspend(accounts: QuerySet[User]) -> int:
    """Suspend accounts: they can no longer log in, their tokens stop working, nobody sees them."""
    with transaction.atomic():
        chosen = list(accounts.filter(suspended_at__isnull=True))
        User.objects.filter(pk__in=[account.pk for account in chosen]).update(suspended_at=timezone.now())
        for account in chosen:
            revoke_tokens(account)
    return len(chosen)


def unsuspend(accounts: QuerySet[User]) -> int:
    """Lift a suspension (the person logs in again to get new tokens)."""
    return accounts.filter(suspended_at__isnull=False).update(suspended_at=None)
