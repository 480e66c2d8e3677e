"""Pinning posts to the top of one's profile."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from photogram.access.querysets import get_visible_status
from photogram.accounts.models import User
from photogram.accounts.services.locking import lock_account
from photogram.posts.models import Pin, Status


class PinRefused(ValueError):
    """The post cannot be pinned; the message says why (answered as 422)."""


def pin(actor: User, status_id: int) -> Status:
    """Pin one of the actor's own posts (not a comment, not a direct post); pinning twice changes nothing."""
    with transaction.atomic():
        # Two pins racing past the limit check would otherwise both land.
        lock_account(actor)
        status = get_visible_status(actor, status_id)
        if status.author_id != actor.pk:
            raise PinRefused("You can only pin your own posts")
        if status.in_reply_to_id is not None:
            raise PinRefused("Comments can't be pinned")
        if status.visibility == Status.Visibility.DIRECT:
            raise PinRefused("Direct posts can't be pinned")
        if Pin.objects.filter(status=status).exists():
            return status
        limit = settings.CONTENT_LIMITS["max_pinned_statuses"]
        if Pin.objects.filter(account=actor).count() >= limit:
            raise PinRefused(f"You can pin at most {limit} posts")
        try:
            with transaction.atomic():
                Pin.objects.create(account=actor, status=status)
        except IntegrityError:
            pass
    return status


def unpin(actor: User, status_id: int) -> Status:
    """Unpin one of the actor's posts."""
    status = get_visible_status(actor, status_id)
    Pin.objects.filter(account=actor, status=status).delete()
    return status
