"""The profile directory, and the accounts discovery may put in front of someone.

Photogram keeps no separate `discoverable` setting: an unlocked (public) account is discoverable, a locked
one is not (the Account entity says so too), so a private account never shows up where nobody asked for it.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from photogram.access.querysets import visible_accounts
from photogram.access.rules import OPEN
from photogram.accounts.models import Mute, User
from photogram.posts.models import Status

Order = Literal["active", "new"]


def discoverable_accounts(viewer: User | None) -> QuerySet[User]:
    """Return the unlocked accounts the viewer may see and does not mute."""
    accounts = visible_accounts(viewer).filter(locked=False)
    if viewer is None:
        return accounts
    return accounts.exclude(Exists(Mute.objects.filter(muter=viewer, muted=OuterRef("pk"))))


def directory(viewer: User | None, order: Order) -> QuerySet[User]:
    """Return the discoverable accounts, newest first ("new") or by their latest public post ("active")."""
    accounts = discoverable_accounts(viewer)
    if order == "new":
        return accounts.order_by("-id")  # ids are time-sortable: the newest account has the largest
    latest = Status.objects.filter(author=OuterRef("pk"), visibility__in=OPEN, in_reply_to__isnull=True)
    newest_post = Subquery(latest.order_by("-id").values("id")[:1])
    return accounts.annotate(newest_post=newest_post).order_by(F("newest_post").desc(nulls_last=True), "-id")
