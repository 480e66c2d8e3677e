"""Endorsements: accounts someone recommends on their profile (Mastodon's account pins). Only accounts one
follows can be endorsed; ending the follow (an unfollow, a block) ends the endorsement (`accounts.services.graph`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from photogram.access.querysets import visible_accounts
from photogram.accounts.models import Follow, User
from photogram.discovery.models import Endorsement


class EndorseRefused(Exception):
    """The account cannot be endorsed; the message says why."""


def endorse(actor: User, target: User) -> None:
    """Endorse `target`, whom the actor must follow (endorsing again changes nothing)."""
    if not Follow.objects.filter(follower=actor, followee=target).exists():
        raise EndorseRefused("You can only endorse accounts you follow")
    try:
        with transaction.atomic():
            Endorsement.objects.create(account=actor, target=target)
    except IntegrityError:
        pass  # endorsed already


def unendorse(actor: User, target: User) -> None:
    """Stop endorsing `target` (one not endorsed: no change)."""
    Endorsement.objects.filter(account=actor, target=target).delete()


def endorsements_of(account: User, viewer: User | None) -> QuerySet[Endorsement]:
    """Return the account's endorsements of accounts the viewer may see, newest first by their id."""
    return Endorsement.objects.filter(account=account, target__in=visible_accounts(viewer)).select_related("target")
