"""Who is calling: the OAuth bearer token of a request, its user, application and scopes."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_backends import get_oauthlib_core

from photogram.accounts.models import User
from photogram.api.errors import ApiError
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


def caller_of(request: HttpRequest) -> Caller | None:
    """Return the request's caller, None without a bearer token; 401 for a bad, expired or revoked one."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    if not header.lower().startswith("bearer "):
        raise ApiError(401, "The access token is invalid")
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    if not valid:
        raise ApiError(401, "The access token is invalid")
    token: AccessToken = oauth_request.access_token
    user = token.user
    if user is not None and (user.is_suspended or not user.is_active):
        raise ApiError(401, "Your login is currently disabled")
    return Caller(token=token, user=user, scopes=frozenset(scopes.parse(token.scope)))
