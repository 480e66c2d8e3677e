"""What the web shows the outside: the Content-Security-Policy, Open Graph tags, oEmbed, the manifest, and
every page's HTML holding no inline script."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest

from photogram.accounts.models import User
from photogram.core.urls import absolute_url
from tests.web.community import Community, build, client_for, page_of, text_of

pytestmark = pytest.mark.django_db

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.fixture
def town() -> Community:
    return build()


def _pages(town: Community) -> list[str]:
    return [
        "/",
        "/explore",
        "/search?q=harbour",
        "/notifications",
        "/new",
        "/@alice",
        "/@alice/followers",
        "/@alice/following",
        page_of(town.carousel),
        "/tags/harbour",
        "/auth/sign_in",
        "/settings/password",
        "/no/such/page",
    ]


@pytest.mark.parametrize("viewer", ["anonymous", "bob"])
def test_every_page_carries_the_policy_and_no_inline_script_or_style(town: Community, viewer: str) -> None:
    client = client_for(None if viewer == "anonymous" else town.bob)
    for path in _pages(town):
        response = client.get(path, follow=True)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert "unsafe-eval" not in policy, path
        page = response.content.decode()
        for script in re.findall(r"<script[^>]*>", page):
            assert " src=" in script, f"{path}: an inline script: {script}"
        assert re.search(r"<script[^>]*>\s*[^<\s]", page) is None, f"{path}: a script element with a body"
        assert INLINE_HANDLER.search(page) is None, f"{path}: an inline event handler"
        assert " style=" not in page, f"{path}: a style attribute the policy would refuse"
        assert "<style" not in page, path
        assert 'href="#main"' in page, f"{path}: the skip link"
        assert '<main id="main"' in page, path


def test_api_answers_carry_the_policy_too(town: Community) -> None:
    response = client_for(None).get("/api/v1/instance")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_an_open_post_of_a_public_account_has_open_graph_tags_and_an_oembed_link(town: Community) -> None:
    page = text_of(client_for(None).get(page_of(town.carousel)))
    url = absolute_url(page_of(town.carousel))
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:description" content="Two views of #harbour at dawn">' in page
    assert re.search(r'<meta property="og:image" content="[^"]+/640\.webp">', page)
    assert '<meta property="og:image:alt" content="Fishing boats moored in fog">' in page
    assert f'type="application/json+oembed" href="/api/oembed?url={quote(url, safe="")}"' in page
    profile = text_of(client_for(None).get("/@alice"))
    assert '<meta property="og:type" content="profile">' in profile


@pytest.mark.parametrize("viewer", ["anonymous", "dave", "carol"])
def test_a_locked_accounts_pages_give_other_sites_nothing(town: Community, viewer: str) -> None:
    user = None if viewer == "anonymous" else getattr(town, viewer)
    client = client_for(user)
    for path in ("/@carol", page_of(town.carols_public), page_of(town.secret)):
        response = client.get(path)
        if response.status_code == 404:
            assert viewer == "anonymous", path
            continue
        page = text_of(response)
        assert "og:" not in page, path
        assert "json+oembed" not in page, path
        assert '<meta name="robots" content="noindex, noarchive">' in page, path


def test_a_followers_only_post_has_no_open_graph_tags_even_for_followers(town: Community) -> None:
    from tests.web.community import post

    bobs = post(town.bob, "For my followers", visibility="private")
    page = text_of(client_for(town.alice).get(page_of(bobs)))
    assert "og:" not in page


def _oembed(url: str) -> Any:
    return client_for(None).get("/api/oembed", {"url": url})


def test_oembed_describes_an_open_post_of_a_public_account(town: Community) -> None:
    response = _oembed(absolute_url(page_of(town.carousel)))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["type"] == "rich"
    assert body["version"] == "1.0"
    assert body["author_name"] == "alice"
    assert body["author_url"] == absolute_url("/@alice")
    assert body["width"] == 400
    assert body["height"] == 300
    assert absolute_url(page_of(town.carousel)) in body["html"]
    assert "<script" not in body["html"]
    assert body["thumbnail_url"].endswith("640.webp")
    assert _oembed(page_of(town.sunset)).status_code == 200, "a path alone names a post of this server"


def test_oembed_gives_nothing_private_locked_blocked_or_foreign(town: Community) -> None:
    for url in (
        absolute_url(page_of(town.secret)),
        absolute_url(page_of(town.carols_public)),
        absolute_url("/@alice"),
        absolute_url("/@alice/1"),
        f"https://elsewhere.example{page_of(town.sunset)}",
        "",
    ):
        response = _oembed(url)
        assert response.status_code == 404, url
        assert "harbour" not in text_of(response)
    assert client_for(None).get("/api/oembed", {"url": page_of(town.sunset), "format": "xml"}).status_code == 501
    User.objects.filter(pk=town.alice.pk).update(is_active=False)
    assert _oembed(page_of(town.sunset)).status_code == 404, "nothing of a deactivated account"


def test_the_web_app_manifest_names_the_app_and_its_icons(town: Community) -> None:
    response = client_for(None).get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["start_url"] == "/"
    assert body["display"] == "standalone"
    assert {icon["purpose"] for icon in body["icons"]} == {"any", "maskable"}
    assert all(icon["src"].startswith("/static/photogram/icon") for icon in body["icons"])
    assert '<link rel="manifest" href="/manifest.webmanifest">' in text_of(client_for(None).get("/"))


def test_the_policy_lets_images_come_from_the_public_address_and_the_media_store(settings: Any) -> None:
    settings.PUBLIC_URL = "https://photos.example"
    settings.MEDIA_URL = "https://cdn.example/media/"
    policy = client_for(None).get("/auth/sign_in")["Content-Security-Policy"]
    assert "img-src 'self' data: https://photos.example https://cdn.example;" in policy
    assert "media-src 'self' https://photos.example https://cdn.example;" in policy
    assert "form-action" not in policy, "the OAuth consent form redirects to the app's address"
