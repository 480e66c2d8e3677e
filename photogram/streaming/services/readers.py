"""Who reads a stream: the access token's (or the web page's session's) user and scopes, and what the access
rules need of them.

A reader's follows, blocks (either way) and mutes are read when the connection opens and again whenever
they change (a `relations` event on their channel), so `admits` decides each event in memory with the
functions of photogram.access.rules, as the REST API's hydration does for a page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from photogram.access import rules
from photogram.accounts.models import Block, Follow, Mute, User
from photogram.oauth import scopes
from photogram.streaming.services import channels

# What a signed-in web page's stream may read: timelines and notifications, and no other part of the account.
WEB_PAGE_SCOPES = frozenset({"read:statuses", "read:notifications"})


class TokenRefused(Exception):
    """The access token (or session) is missing, unknown, expired or revoked, or its user may not log in."""


# Frozen sets: replaced whole when they change, and an empty one is shared (a server holds thousands of readers).
@dataclass(slots=True)
class Relations:
    following: frozenset[int] = frozenset()
    blocked: frozenset[int] = frozenset()  # either way
    muted: frozenset[int] = frozenset()


@dataclass(slots=True)
class Reader:
    user_id: int
    revocation: str  # the channel on which the end of its credential (token or session) arrives
    scopes: frozenset[str]
    expires: datetime | None
    relations: Relations = field(default_factory=Relations)

    def may_read(self, *required: str) -> bool:
        """Return whether the token holds one of `required` (Mastodon asks for any one of a stream's scopes)."""
        return any(scopes.grants(self.scopes, scope) for scope in required)

    def expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    def admits(self, event: Mapping[str, Any], *, unasked: bool) -> bool:
        """Return whether the event may go to this reader; `unasked`: on a timeline the reader did not search
        for (home, lists, public, hashtags), where muted authors are left out too (rules.may_show_unasked)."""
        actor = event.get("actor")
        if actor is not None and (actor in self.relations.blocked or actor in self.relations.muted):
            return False
        author = event.get("author")
        if author is None:
            return True
        relation = rules.Relation(
            author == self.user_id,
            author in self.relations.following,
            author in self.relations.blocked,
            author in self.relations.muted,
        )
        # The author was in good standing when the post was rendered (publish renders nothing else).
        post = rules.Post(
            event.get("visibility", ""), rules.Standing(), relation, self.user_id in event.get("mentions", [])
        )
        return rules.may_show_unasked(post) if unasked else rules.may_see(post)


def authenticate(raw_token: str) -> Reader:
    """Return the reader of a bearer token; raise TokenRefused. (Synchronous: it reads the database.)"""
    if not raw_token:
        raise TokenRefused("Missing access token")
    checksum = hashlib.sha256(raw_token.encode()).hexdigest()
    token = AccessToken.objects.select_related("user").filter(token_checksum=checksum).first()
    if token is None or token.is_expired():
        raise TokenRefused("Invalid access token")
    user = token.user
    if not isinstance(user, User):
        raise TokenRefused("This stream requires a user token")
    return _reader(user, channels.token(token.pk), frozenset(scopes.parse(token.scope)), token.expires)


def authenticate_session(session_key: str) -> Reader:
    """Return the reader of a signed-in browser session (its cookie's key); raise TokenRefused. (Synchronous.)

    Django's own check of a session: it names a user, and the hash of their password it holds still matches
    (a password change signs other sessions out).
    """
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = get_user(request)
    if not isinstance(user, User) or not user.is_authenticated:
        raise TokenRefused("Not signed in")
    return _reader(user, channels.session(session_key), WEB_PAGE_SCOPES, request.session.get_expiry_date())


def _reader(user: User, revocation: str, held: frozenset[str], expires: datetime | None) -> Reader:
    if user.is_suspended or not user.is_active:
        raise TokenRefused("Your login is currently disabled")
    reader = Reader(user.pk, revocation, held, expires)
    reader.relations = load_relations(user.pk)
    return reader


def load_relations(user_id: int) -> Relations:
    """Read whom the reader follows, blocks or is blocked by, and mutes. (Synchronous.)"""
    blocks = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list("blocker_id", "blocked_id")
    return Relations(
        following=frozenset(Follow.objects.filter(follower_id=user_id).values_list("followee_id", flat=True)),
        blocked=frozenset(blocked if blocker == user_id else blocker for blocker, blocked in blocks),
        muted=frozenset(Mute.objects.filter(muter_id=user_id).values_list("muted_id", flat=True)),
    )


def owns_list(user_id: int, list_id: int) -> bool:
    """Return whether the list is the reader's. (Synchronous.)"""
    from photogram.lists.models import List  # noqa: PLC0415  (lists imports feeds, which imports publish)

    return List.objects.filter(pk=list_id, owner_id=user_id).exists()
