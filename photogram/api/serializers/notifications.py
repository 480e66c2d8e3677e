"""Notification entities (Mastodon's Notification, and 4.3's grouped results), rendered for their recipient.

Accounts and posts go through `access` with the recipient as viewer: a notification whose account or post the
recipient may no longer see is left out, and a page costs the same few queries for 1 or 80 notifications
(one for the accounts, `hydrate` for the posts).
"""

from __future__ import annotations

from collections.abc import Sequence

from photogram.access.querysets import visible_accounts
from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.status_bodies import timestamp
from photogram.api.serializers.statuses import hydrate
from photogram.notifications.services.reading import SAMPLE_ACCOUNTS, Group
from photogram.notifications.stores import InboxEntry


def _accounts(viewer: User, account_ids: set[int]) -> dict[int, entities.Account]:
    found = list(visible_accounts(viewer).filter(pk__in=account_ids))
    return {int(entity["id"]): entity for entity in serialize_accounts(found)}


def _statuses(viewer: User, status_ids: set[int]) -> dict[int, entities.Status]:
    return {int(entity["id"]): entity for entity in hydrate(sorted(status_ids, reverse=True), viewer)}


def serialize_notifications(entries: Sequence[InboxEntry], viewer: User) -> list[entities.Notification]:
    """Return the Notification entities of `entries` the viewer may still see, in the order given."""
    accounts = _accounts(viewer, {entry.from_account_id for entry in entries})
    statuses = _statuses(viewer, {entry.status_id for entry in entries if entry.status_id is not None})
    shown: list[entities.Notification] = []
    for entry in entries:
        account = accounts.get(entry.from_account_id)
        if account is None or (entry.status_id is not None and entry.status_id not in statuses):
            continue
        notification: entities.Notification = {
            "id": str(entry.id),
            "type": entry.type,
            "group_key": entry.group_key,
            "created_at": timestamp(entry.created_at) or "",
            "account": account,
        }
        if entry.status_id is not None:
            notification["status"] = statuses[entry.status_id]
        shown.append(notification)
    return shown


def serialize_groups(groups: Sequence[Group], viewer: User) -> entities.GroupedNotificationsResults:
    """Return Mastodon 4.3's grouped results: each group the viewer may still see, with the accounts and posts
    the groups name listed once each."""
    samples = {
        group.key: list(dict.fromkeys(entry.from_account_id for entry in group.entries))[:SAMPLE_ACCOUNTS]
        for group in groups
    }
    accounts = _accounts(viewer, {account for sample in samples.values() for account in sample})
    statuses = _statuses(viewer, {group.entries[0].status_id for group in groups if group.entries[0].status_id})
    shown: list[entities.NotificationGroup] = []
    for group in groups:
        newest = group.entries[0]
        sample = [account for account in samples[group.key] if account in accounts]
        if not sample or (newest.status_id is not None and newest.status_id not in statuses):
            continue
        rendered: entities.NotificationGroup = {
            "group_key": group.key,
            "notifications_count": len(group.entries),
            "type": newest.type,
            "most_recent_notification_id": str(newest.id),
            "page_min_id": str(group.entries[-1].id),
            "page_max_id": str(newest.id),
            "latest_page_notification_at": timestamp(newest.created_at) or "",
            "sample_account_ids": [str(account) for account in sample],
        }
        if newest.status_id is not None:
            rendered["status_id"] = str(newest.status_id)
        shown.append(rendered)
    named_accounts = {int(account) for group in shown for account in group["sample_account_ids"]}
    named_statuses = {int(group["status_id"]) for group in shown if "status_id" in group}
    return {
        "accounts": [entity for account_id, entity in accounts.items() if account_id in named_accounts],
        "statuses": [entity for status_id, entity in statuses.items() if status_id in named_statuses],
        "notification_groups": shown,
    }
