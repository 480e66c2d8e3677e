"""Test helpers for the API: users and OAuth tokens made directly, and a client that sends them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application
from oauthlib.common import generate_token

from photogram.accounts.models import User
from photogram.oauth.models import AppRegistration

PASSWORD = "correct horse battery staple"


def make_user(username: str, *, with_password: bool = True, **fields: Any) -> User:
    """Create an account; without a password it is made faster (no Argon2 hash) and cannot log in."""
    password = PASSWORD if with_password else None
    return User.objects.create_user(username=username, email=f"{username}@example.org", password=password, **fields)


def make_app(scopes: str = "read write follow push") -> Application:
    application = Application.objects.create(
        name="tests",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        # Tests never use this app's secret: skip the Argon2 hash that makes each app cost ~0.1 s.
        hash_client_secret=False,
    )
    AppRegistration.objects.create(application=application, scopes=scopes)
    return application


def make_token(user: User | None, scope: str = "read write follow push", *, expires_in: int = 3600) -> str:
    token = AccessToken.objects.create(
        user=user,
        application=make_app(),
        scope=scope,
        token=generate_token(),
        expires=timezone.now() + timedelta(seconds=expires_in),
    )
    return str(token.token)


class ApiClient:
    """Django's test client with a bearer token on every request."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, data: Any = None) -> Any:
        return self.client.get(path, data, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        return self.client.post(path, data or {}, headers=self.headers)

    def patch(self, path: str, data: Any, content_type: str = "application/json") -> Any:
        return self.client.patch(path, data, content_type=content_type, headers=self.headers)

    def put(self, path: str, data: Any, content_type: str = "application/json") -> Any:
        return self.client.put(path, data, content_type=content_type, headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)


def as_user(user: User, scope: str = "read write follow push") -> ApiClient:
    return ApiClient(make_token(user, scope))
