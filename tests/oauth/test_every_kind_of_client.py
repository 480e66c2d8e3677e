"""Log-in as every kind of Mastodon client does it: native apps' own schemes, JSON and multipart bodies,
browser apps across origins, out-of-band codes, discovery of the OAuth server."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from photogram.accounts.models import User
from tests.support.api import PASSWORD, ApiClient, make_user
from tests.support.oauth import (
    RegisteredApp,
    authorize_page,
    consent,
    pkce_pair,
    register_app,
    signed_in,
)

pytestmark = pytest.mark.django_db

# What each app registers, from its public source (docs/clients.md).
NATIVE_REDIRECT_URIS = [
    "oauth2redirect://com.keylesspalace.tusky/",  # Tusky
    "mastodon://joinmastodon.org/oauth",  # Mastodon for iOS
    "icecubesapp://",  # Ice Cubes
    "com.tapbots.Ivory.19300:/request_token/7d4e1b6c-0f2a-4a55-9a36-2b8f0c1d9e21",  # Ivory
]


@pytest.fixture
def alice() -> User:
    return make_user("alice")


def _register(redirect_uris: Any) -> Any:
    return Client().post(
        "/api/v1/apps",
        json.dumps({"client_name": "App", "redirect_uris": redirect_uris, "scopes": "read write"}),
        content_type="application/json",
    )


def _token_request(body: dict[str, Any], *, encoding: str) -> Any:
    client = Client()
    if encoding == "json":
        return client.post("/oauth/token", json.dumps(body), content_type="application/json")
    if encoding == "multipart":
        return client.post("/oauth/token", body, content_type=MULTIPART_CONTENT)
    return client.post("/oauth/token", urlencode(body), content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("redirect_uri", NATIVE_REDIRECT_URIS)
def test_a_native_app_registers_its_own_scheme_and_is_sent_back_by_it(redirect_uri: str, alice: User) -> None:
    response = _register(redirect_uri)
    assert response.status_code == 200, response.content
    assert response.json()["redirect_uris"] == [redirect_uri]
    app = RegisteredApp(response.json()["client_id"], response.json()["client_secret"], redirect_uri)

    verifier, challenge = pkce_pair()
    browser = signed_in(alice)
    page = authorize_page(browser, app, code_challenge=challenge, code_challenge_method="S256")
    assert page.status_code == 200
    answer = consent(browser, page)
    assert answer.status_code == 302
    location = answer["Location"]
    assert location.startswith(redirect_uri + "?")  # exactly the registered URI, then the code
    code = parse_qs(urlsplit(location).query)["code"][0]

    token = _token_request(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            **app.credentials(),
        },
        encoding="json",
    )
    assert token.status_code == 200, token.content
    me = ApiClient(token.json()["access_token"]).get("/api/v1/accounts/verify_credentials")
    assert me.json()["username"] == "alice"


def test_a_native_app_cannot_be_sent_to_a_uri_it_did_not_register(alice: User) -> None:
    registered = _register(NATIVE_REDIRECT_URIS[0]).json()
    app = RegisteredApp(registered["client_id"], registered["client_secret"], "oauth2redirect://evil.example/")
    page = authorize_page(signed_in(alice), app)
    assert page.status_code == 400
    assert "Location" not in page


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "javascript:alert(document.cookie)",
        "JavaScript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "https://client.example/callback#fragment",
        "https:///no-host",
        "no scheme at all",
        "café://app",
    ],
)
def test_a_redirect_uri_a_browser_would_run_or_that_is_malformed_is_refused(redirect_uri: str) -> None:
    response = _register(redirect_uri)
    assert response.status_code == 422, response.content
    assert "redirect_uris" in response.json()["error"]


def test_an_out_of_band_app_is_shown_the_code_to_paste(alice: User) -> None:
    app = register_app(Client(), redirect_uri="urn:ietf:wg:oauth:2.0:oob")
    browser = signed_in(alice)
    page = authorize_page(browser, app)
    shown = consent(browser, page)
    assert shown.status_code == 200
    code = shown.context["code"]
    assert code
    assert code in shown.content.decode()
    token = _token_request(
        {"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri, **app.credentials()},
        encoding="form",
    )
    assert token.status_code == 200, token.content


@pytest.mark.parametrize("encoding", ["json", "form", "multipart"])
def test_the_token_endpoint_reads_json_form_and_multipart_bodies(encoding: str, alice: User) -> None:
    app = register_app(Client())
    password = _token_request(
        {"grant_type": "password", "username": "alice", "password": PASSWORD, "scope": "read", **app.credentials()},
        encoding=encoding,
    )
    assert password.status_code == 200, password.content
    assert ApiClient(password.json()["access_token"]).get("/api/v1/accounts/verify_credentials").status_code == 200

    credentials = _token_request(
        {"grant_type": "client_credentials", "scope": "read", **app.credentials()}, encoding=encoding
    )
    assert credentials.status_code == 200, credentials.content
    verified = ApiClient(credentials.json()["access_token"]).get("/api/v1/apps/verify_credentials")
    assert verified.status_code == 200

    wrong = _token_request(
        {"grant_type": "password", "username": "alice", "password": "wrong", **app.credentials()}, encoding=encoding
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'["grant_type", "password"]', b'{"grant_type": {"nested": 1}}', b"[" * 100_000],
    ids=["malformed", "array", "nested value", "deeply nested"],
)
def test_a_token_request_whose_body_cannot_be_read_gets_an_oauth_error(body: bytes) -> None:
    response = Client().post("/oauth/token", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert response.json()["error_description"]


def test_a_token_is_revoked_with_a_json_body(alice: User) -> None:
    app = register_app(Client())
    token = _token_request(
        {"grant_type": "password", "username": "alice", "password": PASSWORD, **app.credentials()}, encoding="form"
    ).json()["access_token"]
    response = Client().post(
        "/oauth/revoke", json.dumps({"token": token, **app.credentials()}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {}
    assert ApiClient(token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_the_oauth_server_describes_itself_for_pkce_discovery() -> None:
    response = Client().get("/.well-known/oauth-authorization-server", HTTP_ORIGIN="https://phanpy.social")
    assert response.status_code == 200
    body = response.json()
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["token_endpoint"].endswith("/oauth/token")
    assert body["authorization_endpoint"].endswith("/oauth/authorize")
    assert body["revocation_endpoint"].endswith("/oauth/revoke")
    assert body["app_registration_endpoint"].endswith("/api/v1/apps")
    assert {"read", "write:statuses", "push"} <= set(body["scopes_supported"])
    assert "password" in body["grant_types_supported"]
    assert response["Access-Control-Allow-Origin"] == "*"
