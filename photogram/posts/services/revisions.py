"""A post's revision: moved whenever what it shows changes, so its cached body is looked up afresh."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q

from photogram.accounts.models import User
from photogram.posts.models import Status


def move_on_from_media(*, media_ids: Iterable[int], **_: Any) -> None:
    """Answer `media_changed`: the posts showing these uploads read differently now."""
    Status.objects.filter(media_links__media_id__in=list(media_ids)).update(revision=F("revision") + 1)


def move_on_from_account(*, account: User, **_: Any) -> None:
    """Answer `account_deleting`: the posts naming or answering the account read differently without it."""
    # Their mentions lose the account and their in_reply_to_account_id becomes null (ON DELETE SET NULL).
    Status.objects.filter(Q(mentions__account=account) | Q(in_reply_to_account=account)).update(
        revision=F("revision") + 1
    )
