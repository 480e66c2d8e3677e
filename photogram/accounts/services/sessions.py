"""A person's signed-in browsers: listed, and signed out one at a time or all but the current one.

Sessions are named to the page by a digest of their key, never the key itself: the key is what signs a
browser in, and a page is no place for it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from photogram.accounts.models import User, WebSession


class SessionNotFound(Exception):
    """No session of this person has this id (it ended already, or it is someone else's)."""


@dataclass(frozen=True)
class SignedInSession:
    id: str  # the digest of the key: what forms send back
    user_agent: str
    ip_address: str | None
    last_seen: datetime | None
    current: bool


def session_id(session_key: str) -> str:
    """Return the name of a session that pages may show and forms may send: a digest of its key."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def _store(session_key: str | None = None) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def _live(user: User) -> list[WebSession]:
    """Return the user's sessions that still sign a browser in: unexpired, from after the last password change."""
    rows = WebSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        F("last_seen").desc(nulls_last=True)
    )
    decoder = _store()
    expected = user.get_session_auth_hash()
    return [
        row
        for row in rows
        if constant_time_compare(str(decoder.decode(row.session_data).get(HASH_SESSION_KEY, "")), expected)
    ]


def signed_in(user: User, current_key: str | None) -> list[SignedInSession]:
    """Return the browsers signed in to the account, the current one first, then the most recently seen."""
    found = [
        SignedInSession(
            id=session_id(row.session_key),
            user_agent=row.user_agent,
            ip_address=row.ip_address,
            last_seen=row.last_seen,
            current=row.session_key == current_key,
        )
        for row in _live(user)
    ]
    return sorted(found, key=lambda session: not session.current)


def sign_out(user: User, session: str) -> None:
    """End one of the user's sessions, named by `session_id`: that browser is signed out at its next request."""
    keys = [row.session_key for row in WebSession.objects.filter(user=user).only("session_key")]
    key = next((key for key in keys if constant_time_compare(session_id(key), session)), None)
    if key is None:
        raise SessionNotFound(session)
    _store(key).delete()


def sign_out_others(user: User, current_key: str | None) -> int:
    """End every session of the user but the current one; return how many ended."""
    keys = WebSession.objects.filter(user=user).exclude(session_key=current_key).values_list("session_key", flat=True)
    ended = list(keys)
    for key in ended:
        _store(key).delete()
    return len(ended)
