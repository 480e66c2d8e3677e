"""Test helpers for OAuth as a Mastodon client does it, through the real endpoints: apps, grants, tokens."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from photogram.accounts.models import User

REDIRECT_URI = "https://client.example/callback"


@dataclass(frozen=True)
class RegisteredApp:
    """What `POST /api/v1/apps` answered: the credentials a client keeps."""

    client_id: str
    client_secret: str
    redirect_uri: str

    def credentials(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret}


def register_app(
    client: Client, *, scopes: str = "read write follow", redirect_uri: str = REDIRECT_URI
) -> RegisteredApp:
    """Register a client application with `POST /api/v1/apps`."""
    response = client.post(
        "/api/v1/apps", {"client_name": "Test client", "redirect_uris": redirect_uri, "scopes": scopes}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    return RegisteredApp(client_id=body["client_id"], client_secret=body["client_secret"], redirect_uri=redirect_uri)


def pkce_pair() -> tuple[str, str]:
    """Return a PKCE code verifier and its S256 code challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def request_token(client: Client, app: RegisteredApp, grant_type: str, **fields: str) -> Any:
    """POST to /oauth/token with the app's credentials; answer the response."""
    return client.post("/oauth/token", {"grant_type": grant_type, **app.credentials(), **fields})


def password_grant(client: Client, app: RegisteredApp, username: str, password: str, scope: str = "read") -> Any:
    return request_token(client, app, "password", username=username, password=password, scope=scope)


def app_token(client: Client, app: RegisteredApp, scope: str = "read") -> str:
    """Return an app token (client credentials grant): it belongs to the application, not to a person."""
    response = request_token(client, app, "client_credentials", scope=scope)
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def signed_in(user: User) -> Client:
    """Return a browser with `user` signed in to the web pages (the consent page among them)."""
    client = Client()
    client.force_login(user)
    return client


def authorize_page(client: Client, app: RegisteredApp, **overrides: str) -> Any:
    """GET /oauth/authorize as the link a client opens in the browser (override or add any parameter)."""
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": "read write",
    }
    return client.get("/oauth/authorize", {**query, **overrides})


def consent(client: Client, page: Any, *, allow: bool = True) -> Any:
    """POST the consent form: its hidden fields as the page filled them, and the button pressed."""
    fields = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    if allow:
        fields["allow"] = "Authorize"
    return client.post("/oauth/authorize", fields)


def redirect_query(response: Any, redirect_uri: str = REDIRECT_URI) -> dict[str, list[str]]:
    """Return the query of a redirect to the client, after checking that it goes to `redirect_uri`."""
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == redirect_uri
    return parse_qs(location.query)


def authorization_code(user: User, app: RegisteredApp, challenge: str, scope: str = "read write") -> str:
    """Return the code `user` hands `app` by consenting in the browser (S256 PKCE with `challenge`)."""
    client = signed_in(user)
    page = authorize_page(client, app, scope=scope, code_challenge=challenge, code_challenge_method="S256")
    assert page.status_code == 200
    return redirect_query(consent(client, page))["code"][0]


def exchange_code(app: RegisteredApp, code: str, verifier: str | None) -> Any:
    """Trade an authorization code for a token, as the client's back end does."""
    fields = {"code": code, "redirect_uri": app.redirect_uri}
    if verifier is not None:
        fields["code_verifier"] = verifier
    return request_token(Client(), app, "authorization_code", **fields)


def start_of_fresh_window(window_seconds: int, *, needed_seconds: float = 20) -> None:
    """Wait, if need be, until a rate-limit window has `needed_seconds` left.

    Windows are aligned on multiples of their length since the epoch: a test that counts attempts must not
    straddle the boundary, where every count starts again at zero.
    """
    left = window_seconds - time.time() % window_seconds
    if left < needed_seconds:
        time.sleep(left + 0.05)
