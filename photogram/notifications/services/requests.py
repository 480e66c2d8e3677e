"""Notification requests (Mastodon 4.3): what the policy held back ("filter"), one request per account,
for the recipient to accept (the notifications join the list, and that account's pass from then on) or
dismiss (they are deleted).

A request is named by the id of its newest held notification, so requests page by the cursors like any
list; any of its notifications' ids finds it, so one that grew since it was listed is still found.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import IntegrityError, transaction

from photogram.accounts.models import User
from photogram.core.window import CursorWindow
from photogram.notifications.models import NotificationPermission
from photogram.notifications.services import reading, unread
from photogram.notifications.stores import InboxEntry, inboxes


class RequestNotFound(LookupError):
    """No notifications are held back from that account (answered as 404)."""


@dataclass(frozen=True)
class Request:
    """The notifications held back from one account, newest first."""

    account_id: int
    entries: list[InboxEntry]

    @property
    def id(self) -> int:
        return self.entries[0].id


def pending(recipient: User) -> list[Request]:
    """Return the recipient's requests, the one with the newest held notification first."""
    hidden = reading.hidden_accounts(recipient)
    held: dict[int, list[InboxEntry]] = {}
    for entry in reading.walk(recipient, CursorWindow(), lambda found: found.filtered):
        if entry.from_account_id not in hidden:
            held.setdefault(entry.from_account_id, []).append(entry)
    return [Request(account_id, entries) for account_id, entries in held.items()]


def find(recipient: User, request_id: int) -> Request:
    """Return the request holding notification `request_id` (RequestNotFound if none does)."""
    for request in pending(recipient):
        if any(entry.id == request_id for entry in request.entries):
            return request
    raise RequestNotFound(request_id)


def accept(recipient: User, request_id: int) -> None:
    """Show what was held back from the request's account, and let its notifications through from now on."""
    request = find(recipient, request_id)
    try:
        with transaction.atomic():
            NotificationPermission.objects.create(owner=recipient, account_id=request.account_id)
    except IntegrityError:
        pass  # accepted before: its later notifications came through already
    store = inboxes.default
    store.remove(recipient.pk, request.entries)
    for entry in request.entries:
        store.add(recipient.pk, replace(entry, filtered=False))
    unread.forget(recipient.pk)


def dismiss(recipient: User, request_id: int) -> None:
    """Delete what the request holds (the account's next held notifications make a new request)."""
    inboxes.default.remove(recipient.pk, find(recipient, request_id).entries)
