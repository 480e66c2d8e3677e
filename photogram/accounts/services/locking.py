"""Serialising one account's actions that check a limit before they write."""

from __future__ import annotations

from photogram.accounts.models import User


def lock_account(account: User) -> None:
    """Lock the account's row until the transaction ends, so two racing actions take turns."""
    User.objects.select_for_update().filter(pk=account.pk).values("pk").first()
