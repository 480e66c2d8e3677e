"""Who is calling: the OAuth bearer token of a request, its user, application and scopes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import HttpRequest
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_backends import get_oauthlib_core

from photogram.accounts.models import User
from photogram.api.errors import ApiError
from photogram.core.rawsql import aware
from photogram.oauth import scopes


@dataclass(frozen=True)
class Caller:
    """The token a request carries: `user` is None for an app token (client credentials)."""

    token: AccessToken
    user: User | None
    scopes: frozenset[str]

    def require_scope(self, required: str) -> None:
        """Answer 403 unless the token's scopes cover `required`."""
        if not scopes.grants(self.scopes, required):
            raise ApiError(403, "This action is outside the authorized scopes")

    def require_user(self) -> User:
        """Answer 422 for an app token where a person must be logged in, as Mastodon does."""
        if self.user is None:
            raise ApiError(422, "This method requires an authenticated user")
        return self.user


def _valid_token(raw: str) -> AccessToken | None:
    """Return the unexpired token `raw` names with its user, in one prepared query; None to ask oauthlib.

    What django-oauth-toolkit's validator checks for a request that needs no particular scope, without the
    three-model ORM query it builds on every request (a large share of a home-feed read). App tokens (no user),
    tokens bound to a resource (RFC 8707), and anything unexpected go to the toolkit's own check.
    """
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    # The user row comes whole, so views read and save it like any other (counts are never saved from it).
    found = list(User.objects.raw(_TOKEN_WITH_USER_SQL, [checksum]))
    if not found:
        return None
    user = found[0]
    columns = vars(user)  # the token's columns ride on the user row as extra attributes
    if columns["token_resource"] not in (None, "", "[]", []):
        return None
    token = AccessToken(
        id=columns["token_id"],
        user=user,
        application_id=columns["token_application_id"],
        scope=columns["token_scope"],
        expires=aware(columns["token_expires"]),
    )
    return None if token.is_expired() else token


def _valid_token_by_oauthlib(request: HttpRequest) -> AccessToken | None:
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    return oauth_request.access_token if valid else None


_TOKEN_WITH_USER_SQL = (
    "SELECT u.*, t.id AS token_id, t.application_id AS token_application_id, t.scope AS token_scope, "
    f"t.expires AS token_expires, t.resource AS token_resource FROM {AccessToken._meta.db_table} t "
    f"JOIN {User._meta.db_table} u ON u.id = t.user_id WHERE t.token_checksum = %s"
)


def caller_of(request: HttpRequest) -> Caller | None:
    """Return the request's caller, None without a bearer token; 401 for a bad, expired or revoked one."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    if not header.lower().startswith("bearer "):
        raise ApiError(401, "The access token is invalid")
    token = _valid_token(header[len("bearer ") :].strip()) or _valid_token_by_oauthlib(request)
    if token is None:
        raise ApiError(401, "The access token is invalid")
    user = token.user
    if user is not None and (user.is_suspended or not user.is_active):
        raise ApiError(401, "Your login is currently disabled")
    return Caller(token=token, user=user, scopes=frozenset(scopes.parse(token.scope)))
