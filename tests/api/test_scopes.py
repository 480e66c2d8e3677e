"""Every API endpoint refuses a missing, invalid or under-scoped token, as its OpenAPI entry says."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from photogram.api.endpoint import EndpointSpec
from photogram.api.openapi import api_routes
from photogram.oauth.scopes import ALL_SCOPES, grants
from tests.support.api import make_token, make_user

pytestmark = pytest.mark.django_db


def _call(client: Client, method: str, path: str, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return int(client.generic(method, path, headers=headers).status_code)


def _concrete(path: str, object_id: int) -> str:
    return re.sub(r"{\w+_id}", str(object_id), path)


ROUTES = [(api.path, spec.method, spec) for api in api_routes() for spec in api.route.specs]


@pytest.mark.parametrize(("path", "method", "spec"), ROUTES, ids=[f"{m} {p}" for p, m, _ in ROUTES])
def test_endpoint_enforces_its_token_and_scope(path: str, method: str, spec: EndpointSpec) -> None:
    other = make_user("other", with_password=False)
    viewer = make_user("viewer", with_password=False)
    url = "/" + _concrete(path, other.id).lstrip("/")
    client = Client()
    scope = spec.scope
    holder = None if spec.auth == "app" else viewer  # app endpoints take an app (client credentials) token
    if spec.auth in {"user", "app"}:
        assert _call(client, method, url, None) == 401
    if spec.auth != "none":
        assert _call(client, method, url, "not-a-real-token") == 401
    if scope:
        # A token holding every scope except those that cover this endpoint's.
        unrelated = " ".join(sorted(s for s in ALL_SCOPES if not grants([s], scope)))
        assert _call(client, method, url, make_token(holder, unrelated)) == 403
        assert _call(client, method, url, make_token(holder, scope)) not in {401, 403}
        top_level = scope.split(":")[0]
        assert _call(client, method, url, make_token(holder, top_level)) not in {401, 403}


def test_every_api_url_is_an_api_endpoint_and_so_is_checked_here() -> None:
    from photogram.api import urls
    from photogram.api.endpoint import Route

    unchecked = [str(p.pattern) for p in urls.urlpatterns if not isinstance(p.callback, Route)]
    # The document, the redirect from the collections' old path (it serves nothing itself), and the JSON 404.
    assert unchecked == ["openapi.json", "^v1/(?P<rest>collections(?:/.*)?)$", "^"]
    assert len({path for path, _, _ in ROUTES}) == len(urls.urlpatterns) - len(unchecked)


def test_follow_scope_still_covers_follows_blocks_and_mutes() -> None:
    assert grants(["follow"], "write:follows")
    assert grants(["follow"], "read:blocks")
    assert not grants(["follow"], "write:statuses")
    assert not grants(["read"], "write:accounts")
