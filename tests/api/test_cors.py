"""Browser clients (Phanpy, Elk) call the API from their own origin, as Mastodon lets them."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.api import make_token, make_user

pytestmark = pytest.mark.django_db

ORIGIN = "https://phanpy.social"


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/statuses", "POST"),
        ("/api/v1/statuses/1", "DELETE"),
        ("/api/v1/accounts/update_credentials", "PATCH"),
        ("/oauth/token", "POST"),
        ("/oauth/revoke", "POST"),
        ("/.well-known/oauth-authorization-server", "GET"),
        ("/api/v1/no/such/path", "GET"),
    ],
)
def test_a_preflight_from_any_origin_is_allowed_without_credentials(path: str, method: str) -> None:
    response = Client().options(
        path,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, idempotency-key",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert method in response["Access-Control-Allow-Methods"]
    allowed_headers = response["Access-Control-Allow-Headers"]
    for header in ("authorization", "content-type", "idempotency-key"):
        assert header in allowed_headers
    assert "Access-Control-Allow-Credentials" not in response


def test_answers_expose_the_paging_and_rate_limit_headers_to_the_page() -> None:
    token = make_token(make_user("alice"))
    response = Client().get("/api/v1/blocks", HTTP_ORIGIN=ORIGIN, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"link", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= exposed


def test_errors_carry_the_cors_headers_too_so_the_page_can_read_them() -> None:
    response = Client().get("/api/v1/accounts/verify_credentials", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/auth/sign_in", "/admin/", "/oauth/authorize"])
def test_the_web_pages_stay_same_origin(path: str) -> None:
    response = Client().get(path, HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_options_without_a_preflight_names_the_methods_served() -> None:
    response = Client().options("/api/v1/statuses/1")
    assert response.status_code == 204
    assert response["Allow"] == "GET, PUT, DELETE, HEAD, OPTIONS"


def test_head_answers_as_get_without_a_body() -> None:
    response = Client().head("/api/v1/instance")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""
