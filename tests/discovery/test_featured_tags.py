"""Featured hashtags: at most 10 per account, counted from the account's posts everybody may see."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation
from photogram.discovery.services.featured_tags import MAX_FEATURED_TAGS
from photogram.posts.services import publishing
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()]


def test_featured_hashtags_count_only_posts_everybody_may_see() -> None:
    owner = make_user("owner", with_password=False)
    post(owner, "#sunset one")
    newest_public = post(owner, "#sunset two", visibility="unlisted")
    post(owner, "#sunset for followers", visibility="private")
    post(owner, "#sunset to nobody", visibility="direct")
    publishing.publish(owner, "#sunset in a comment", [], in_reply_to_id=newest_public.pk)
    post(make_user("other", with_password=False), "#sunset elsewhere")
    client = as_user(owner)

    featured = client.post("/api/v1/featured_tags", {"name": "#Sunset"})
    assert featured.status_code == 200, featured.content
    body = featured.json()
    assert (body["name"], body["statuses_count"]) == ("sunset", "2")
    assert body["url"].endswith("/@owner/tagged/sunset")
    assert body["last_status_at"].startswith(newest_public.created_at.strftime("%Y-%m-%dT%H:%M"))
    assert client.post("/api/v1/featured_tags", {"name": "sunset"}).json()["id"] == body["id"]  # again: the same
    unused = client.post("/api/v1/featured_tags", {"name": "unused"}).json()
    assert (unused["statuses_count"], unused["last_status_at"]) == ("0", None)
    assert _names(client.get("/api/v1/featured_tags")) == ["sunset", "unused"]  # most used first
    assert _names(ApiClient(None).get(f"/api/v1/accounts/{owner.pk}/featured_tags")) == ["sunset", "unused"]

    refused = client.post("/api/v1/featured_tags", {"name": "not a tag!"})
    assert (refused.status_code, refused.json()["error"]) == (422, "Validation failed: Tag is invalid")
    assert client.post("/api/v1/featured_tags", {}).status_code == 422

    assert (
        as_user(make_user("stranger", with_password=False)).delete(f"/api/v1/featured_tags/{body['id']}").status_code
        == 404
    )
    assert client.delete(f"/api/v1/featured_tags/{body['id']}").json() == {}
    assert client.delete(f"/api/v1/featured_tags/{body['id']}").status_code == 404
    assert _names(client.get("/api/v1/featured_tags")) == ["unused"]


def test_at_most_ten_hashtags_are_featured() -> None:
    client = as_user(make_user("owner", with_password=False))
    for number in range(MAX_FEATURED_TAGS):
        assert client.post("/api/v1/featured_tags", {"name": f"tag{number}"}).status_code == 200
    refused = client.post("/api/v1/featured_tags", {"name": "onemore"})
    assert (refused.status_code, refused.json()["error"]) == (
        422,
        "Validation failed: You can feature at most 10 hashtags",
    )
    assert client.post("/api/v1/featured_tags", {"name": "tag3"}).status_code == 200  # one featured already
    assert client.post("/api/v1/tags/onemore/feature").status_code == 422


def test_suggested_hashtags_are_ones_own_most_used_not_yet_featured() -> None:
    owner = make_user("owner", with_password=False)
    for caption in ("#cats #dogs", "#cats", "#cats #birds", "#dogs", "#fish"):
        post(owner, caption)
    post(make_user("other", with_password=False), "#others #others2")
    client = as_user(owner)
    assert _names(client.get("/api/v1/featured_tags/suggestions")) == ["cats", "dogs", "fish", "birds"]
    client.post("/api/v1/featured_tags", {"name": "cats"})
    suggested = client.get("/api/v1/featured_tags/suggestions").json()
    assert [tag["name"] for tag in suggested] == ["dogs", "fish", "birds"]
    assert suggested[0]["history"][0]["uses"] == "2"


def test_tags_are_featured_and_unfeatured_by_name() -> None:
    owner = make_user("owner", with_password=False)
    client = as_user(owner)
    featured = client.post("/api/v1/tags/Travel/feature")
    assert (featured.status_code, featured.json()["name"], featured.json()["featuring"]) == (200, "travel", True)
    assert client.get("/api/v1/tags/travel").json()["featuring"] is True
    assert as_user(make_user("other", with_password=False)).get("/api/v1/tags/travel").json()["featuring"] is False
    assert _names(client.get("/api/v1/featured_tags")) == ["travel"]
    assert client.post("/api/v1/tags/travel/unfeature").json()["featuring"] is False
    assert client.get("/api/v1/featured_tags").json() == []
    assert client.post("/api/v1/tags/nobodyused/unfeature").status_code == 404
    assert client.post("/api/v1/tags/bad-tag!/feature").status_code == 422


def test_an_account_hidden_from_the_viewer_shows_no_featured_hashtags() -> None:
    owner, blocked, viewer = (make_user(name, with_password=False) for name in ("owner", "blocked", "viewer"))
    as_user(owner).post("/api/v1/featured_tags", {"name": "sunset"})
    graph.block(owner, blocked)
    assert as_user(blocked).get(f"/api/v1/accounts/{owner.pk}/featured_tags").status_code == 404
    assert _names(as_user(viewer).get(f"/api/v1/accounts/{owner.pk}/featured_tags")) == ["sunset"]
    moderation.suspend(User.objects.filter(pk=owner.pk))
    assert as_user(viewer).get(f"/api/v1/accounts/{owner.pk}/featured_tags").status_code == 404
