"""OAuth2 as Mastodon clients use it: the authorization-code flow with PKCE, the other grants, revocation."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken, Grant

from photogram.accounts.models import User
from tests.support.api import PASSWORD, ApiClient, make_user
from tests.support.oauth import (
    RegisteredApp,
    app_token,
    authorization_code,
    authorize_page,
    consent,
    exchange_code,
    password_grant,
    pkce_pair,
    redirect_query,
    register_app,
    request_token,
    signed_in,
    start_of_fresh_window,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def app() -> RegisteredApp:
    return register_app(Client(), scopes="read write follow")


@pytest.fixture
def alice() -> User:
    return make_user("alice")


def _verify_credentials(token: str) -> Any:
    return ApiClient(token).get("/api/v1/accounts/verify_credentials")


def test_authorization_code_flow_with_pkce_gives_a_working_token(app: RegisteredApp, alice: User) -> None:
    verifier, challenge = pkce_pair()
    client = signed_in(alice)
    page = authorize_page(client, app, code_challenge=challenge, code_challenge_method="S256", state="xyz")
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "Test client" in text
    assert "read all your account's data" in text
    assert "change all your account's data" in text
    assert "manage whom you follow" not in text  # registered, but not asked for
    assert page.context["form"].initial["code_challenge_method"] == "S256"
    assert page["X-Frame-Options"] == "DENY"  # no consent by a click on a framed, disguised page

    query = redirect_query(consent(client, page))
    assert query["state"] == ["xyz"]
    assert "error" not in query

    response = exchange_code(app, query["code"][0], verifier)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write"
    me = _verify_credentials(body["access_token"])
    assert me.status_code == 200
    assert me.json()["username"] == "alice"
    # A code is good for one exchange only.
    assert exchange_code(app, query["code"][0], verifier).status_code == 400


def test_an_anonymous_visitor_signs_in_first_and_comes_back_to_the_consent_page(
    app: RegisteredApp, alice: User
) -> None:
    client = Client()
    _, challenge = pkce_pair()
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": "read",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    authorize_url = f"/oauth/authorize?{urlencode(query)}"
    response = client.get(authorize_url)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/auth/sign_in"
    assert parse_qs(location.query) == {"next": [authorize_url]}

    signed_in = client.post(response["Location"], {"username": "alice", "password": PASSWORD, "next": authorize_url})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == authorize_url
    page = client.get(authorize_url)
    assert page.status_code == 200
    assert page.context["form"].initial["scope"] == "read"


def test_cancelling_the_consent_tells_the_client_access_was_denied(app: RegisteredApp, alice: User) -> None:
    client = signed_in(alice)
    _, challenge = pkce_pair()
    page = authorize_page(client, app, code_challenge=challenge, code_challenge_method="S256")
    query = redirect_query(consent(client, page, allow=False))
    assert query["error"] == ["access_denied"]
    assert "code" not in query
    assert not Grant.objects.exists()


def test_a_wrong_or_missing_code_verifier_is_refused(app: RegisteredApp, alice: User) -> None:
    verifier, challenge = pkce_pair()
    code = authorization_code(alice, app, challenge)
    wrong = exchange_code(app, code, pkce_pair()[0])
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    missing = exchange_code(app, code, None)
    assert missing.status_code == 400
    assert not AccessToken.objects.exists()
    # The refusals did not use the code up: the right verifier still gets the token.
    assert exchange_code(app, code, verifier).status_code == 200


@pytest.mark.parametrize("method", [{"code_challenge_method": "plain"}, {}], ids=["plain", "omitted"])
def test_the_plain_pkce_method_is_refused(app: RegisteredApp, alice: User, method: dict[str, str]) -> None:
    # A challenge without a method means "plain" (RFC 7636). django-oauth-toolkit refuses it when the code
    # would be issued, after the consent; a refusal before the consent page would be as good.
    verifier, _ = pkce_pair()
    client = signed_in(alice)
    page = authorize_page(client, app, code_challenge=verifier, **method)
    query = redirect_query(consent(client, page) if page.status_code == 200 else page)
    assert query["error"] == ["invalid_request"]
    assert "code" not in query
    assert not Grant.objects.exists()


def test_an_unregistered_redirect_uri_gets_an_error_page_and_never_a_redirect(app: RegisteredApp, alice: User) -> None:
    client = signed_in(alice)
    _, challenge = pkce_pair()
    for uri in ("https://evil.example/callback", "https://client.example/callback/more", "https://client.example/"):
        response = authorize_page(client, app, redirect_uri=uri, code_challenge=challenge, code_challenge_method="S256")
        assert response.status_code == 400
        assert not response.has_header("Location")
        assert "evil.example" not in response.content.decode()
        assert "Mismatching redirect URI" in response.content.decode()
    assert not Grant.objects.exists()


def test_a_scope_the_app_did_not_register_is_refused(app: RegisteredApp, alice: User) -> None:
    client = signed_in(alice)
    _, challenge = pkce_pair()
    for scope in ("read push", "admin:read", "profile"):
        response = authorize_page(client, app, scope=scope, code_challenge=challenge, code_challenge_method="S256")
        query = redirect_query(response)
        assert query["error"] == ["invalid_scope"], scope
        assert "code" not in query
    # A sub-scope of a registered scope is fine.
    page = authorize_page(client, app, scope="read:accounts", code_challenge=challenge, code_challenge_method="S256")
    assert page.status_code == 200


def test_the_token_endpoint_grants_no_more_than_the_code_carried(app: RegisteredApp, alice: User) -> None:
    verifier, challenge = pkce_pair()
    code = authorization_code(alice, app, challenge, scope="read")
    response = request_token(
        Client(),
        app,
        "authorization_code",
        code=code,
        redirect_uri=app.redirect_uri,
        code_verifier=verifier,
        scope="read write",
    )
    assert response.status_code == 200, response.content
    assert response.json()["scope"] == "read"
    token = AccessToken.objects.get(token=response.json()["access_token"])
    assert token.scope == "read"


def test_the_implicit_grant_is_refused(app: RegisteredApp, alice: User) -> None:
    response = authorize_page(signed_in(alice), app, response_type="token")
    assert response.status_code == 302
    assert "access_token" not in response["Location"]
    assert "error=unauthorized_client" in response["Location"]
    assert not AccessToken.objects.exists()


def test_failed_password_grants_count_against_the_account_as_web_sign_ins_do(app: RegisteredApp, alice: User) -> None:
    start_of_fresh_window(300)
    for _ in range(5):
        assert password_grant(Client(), app, "alice", "wrong password").status_code == 400
    refused = password_grant(Client(), app, "alice", PASSWORD)
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_grant"
    assert not AccessToken.objects.exists()
    web = Client().post("/auth/sign_in", {"username": "alice", "password": PASSWORD})
    assert web.status_code == 429


def test_client_credentials_give_an_app_token_without_a_user(app: RegisteredApp) -> None:
    response = request_token(Client(), app, "client_credentials", scope="read")
    assert response.status_code == 200, response.content
    token = response.json()["access_token"]
    assert AccessToken.objects.get(token=token).user is None

    shown = ApiClient(token).get("/api/v1/apps/verify_credentials")
    assert shown.status_code == 200
    assert shown.json()["name"] == "Test client"
    assert "client_secret" not in shown.json()
    me = _verify_credentials(token)
    assert me.status_code == 422
    assert me.json()["error"] == "This method requires an authenticated user"


def test_a_wrong_client_secret_gets_no_token(app: RegisteredApp) -> None:
    forged = RegisteredApp(app.client_id, "not the secret", app.redirect_uri)
    response = request_token(Client(), forged, "client_credentials", scope="read")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_the_password_grant_logs_in_and_refuses_a_suspended_account(app: RegisteredApp, alice: User) -> None:
    response = password_grant(Client(), app, "alice@example.org", PASSWORD, scope="read write")
    assert response.status_code == 200, response.content
    assert _verify_credentials(response.json()["access_token"]).json()["username"] == "alice"

    User.objects.filter(pk=alice.pk).update(suspended_at=timezone.now())
    refused = password_grant(Client(), app, "alice", PASSWORD)
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_grant"


def test_the_password_grant_is_rate_limited_per_address(app: RegisteredApp, alice: User, settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "log_in": (2, 300)}
    start_of_fresh_window(300)
    client = Client()
    first = password_grant(client, app, "alice", PASSWORD)
    assert first.status_code == 200
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("2", "1")
    assert password_grant(client, app, "alice", "wrong password").status_code == 400

    refused = password_grant(client, app, "alice", PASSWORD)
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many requests"}
    assert refused["X-RateLimit-Limit"] == "2"
    assert refused["X-RateLimit-Remaining"] == "0"
    assert refused["X-RateLimit-Reset"]
    assert 1 <= int(refused["Retry-After"]) <= 300
    # Other grants are not counted against the log-in limit.
    assert app_token(client, app)


def test_a_revoked_token_stops_working(app: RegisteredApp, alice: User) -> None:
    token = password_grant(Client(), app, "alice", PASSWORD).json()["access_token"]
    assert _verify_credentials(token).status_code == 200
    response = Client().post("/oauth/revoke", {**app.credentials(), "token": token})
    assert response.status_code == 200
    assert _verify_credentials(token).status_code == 401
    assert not AccessToken.objects.filter(token=token).exists()


def test_another_app_cannot_revoke_a_token(app: RegisteredApp, alice: User) -> None:
    token = password_grant(Client(), app, "alice", PASSWORD).json()["access_token"]
    other = register_app(Client())
    Client().post("/oauth/revoke", {**other.credentials(), "token": token})
    assert _verify_credentials(token).status_code == 200


def test_an_expired_token_answers_401(app: RegisteredApp, alice: User) -> None:
    token = password_grant(Client(), app, "alice", PASSWORD).json()["access_token"]
    assert _verify_credentials(token).status_code == 200
    AccessToken.objects.filter(token=token).update(expires=timezone.now() - timedelta(seconds=1))
    response = _verify_credentials(token)
    assert response.status_code == 401
    assert response.json()["error"] == "The access token is invalid"
