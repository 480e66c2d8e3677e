"""Mastodon's Account and Relationship entities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.templatetags.static import static

from photogram.accounts.models import FollowRequest, User
from photogram.accounts.services.graph import Relationship
from photogram.api import entities
from photogram.api.serializers import emojis
from photogram.core import text
from photogram.core.counters.tracked import counts_of
from photogram.core.urls import absolute_url

MISSING_AVATAR = "photogram/avatar-missing.png"
MISSING_HEADER = "photogram/header-missing.png"


def _image_url(field: FieldFile, missing: str) -> str:
    return absolute_url(field.url) if field else absolute_url(static(missing))


def serialize_account(
    account: User, counts: Mapping[str, int] | None = None, emoji_table: emojis.Table | None = None
) -> entities.Account:
    """Return the public Account entity, with `counts` from the counter store (else read them) and the custom
    emojis of its name and bio from `emoji_table` (else read it, if they hold any)."""
    if counts is None:
        counts = counts_of(User, [account.pk]).get(account.pk, {})
    if emoji_table is None:
        emoji_table = emojis.table_for([account.display_name, account.note])
    avatar = _image_url(account.avatar, MISSING_AVATAR)
    header = _image_url(account.header, MISSING_HEADER)
    profile_url = absolute_url(f"/@{account.username}")
    # Mastodon publishes the day an account was made, not the moment.
    joined = datetime.combine(account.date_joined.date(), time(0), tzinfo=account.date_joined.tzinfo)
    return {
        "id": str(account.pk),
        "username": account.username,
        "acct": account.username,
        "display_name": account.display_name,
        "locked": account.locked,
        "bot": False,
        "discoverable": not account.locked,
        "indexable": not account.locked,
        "group": False,
        "noindex": account.locked,
        "hide_collections": account.locked,
        "created_at": joined.isoformat().replace("+00:00", "Z"),
        "note": text.render(account.note),
        "url": profile_url,
        "uri": profile_url,
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "followers_count": counts.get("followers_count", 0),
        "following_count": counts.get("following_count", 0),
        "statuses_count": counts.get("statuses_count", 0),
        "last_status_at": None,
        "emojis": emojis.used_in(emoji_table, account.display_name, account.note),
        "fields": [],
        "roles": [],
        "website": account.website or None,
    }


def serialize_accounts(accounts: Sequence[User]) -> list[entities.Account]:
    """Return Account entities for a page of accounts, with their counts in one counter-store round trip (and
    the custom emoji table in one cache lookup)."""
    counts = counts_of(User, [account.pk for account in accounts])
    table = emojis.table_for([field for account in accounts for field in (account.display_name, account.note)])
    return [serialize_account(account, counts.get(account.pk, {}), table) for account in accounts]


def posting_defaults(account: User) -> tuple[entities.Visibility, bool, str]:
    """Return the account's defaults for new posts: visibility, sensitive, language (its `source`, and
    its preferences, say the same)."""
    return ("private" if account.locked else "public"), False, settings.LANGUAGE_CODE.split("-")[0]


def serialize_credential_account(account: User) -> entities.CredentialAccount:
    """Return the Account entity with `source`, for the account's owner (verify_credentials)."""
    privacy, sensitive, language = posting_defaults(account)
    source: entities.AccountSource = {
        "note": account.note,
        "fields": [],
        "privacy": privacy,
        "sensitive": sensitive,
        "language": language,
        "follow_requests_count": FollowRequest.objects.filter(target=account).count(),
        "hide_collections": account.locked,
        "discoverable": not account.locked,
        "indexable": not account.locked,
    }
    role: entities.Role = {"id": "0", "name": "", "permissions": "0", "color": "", "highlighted": False}
    return {**serialize_account(account), "source": source, "role": role}


def serialize_relationship(relationship: Relationship) -> entities.Relationship:
    """Return the Relationship entity."""
    return {
        "id": str(relationship.account_id),
        "following": relationship.following,
        "showing_reblogs": relationship.following,
        "notifying": relationship.notifying,
        "languages": None,
        "followed_by": relationship.followed_by,
        "blocking": relationship.blocking,
        "blocked_by": relationship.blocked_by,
        "muting": relationship.muting,
        "muting_notifications": relationship.muting_notifications,
        "requested": relationship.requested,
        "requested_by": relationship.requested_by,
        "domain_blocking": False,
        "endorsed": relationship.endorsed,
        "note": "",
    }


__all__ = [
    "posting_defaults",
    "serialize_account",
    "serialize_accounts",
    "serialize_credential_account",
    "serialize_relationship",
]
