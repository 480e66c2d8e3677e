"""Pinned posts on the profile grid, hashtags (follow and timeline), and collections of saved posts."""

from __future__ import annotations

import pytest

from photogram.accounts.services import graph
from photogram.posts.models import Bookmark, CollectionItem
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _ids(response: object) -> list[str]:
    return [item["id"] for item in response.json()]  # type: ignore[attr-defined]


def test_pins_show_on_the_profile_up_to_the_limit() -> None:
    author, other = make_user("author", with_password=False), make_user("other", with_password=False)
    posts = [post(author) for _ in range(4)]
    client = as_user(author)
    for status in posts[:3]:
        response = client.post(f"/api/v1/statuses/{status.pk}/pin")
        assert (response.status_code, response.json()["pinned"]) == (200, True)
    assert client.post(f"/api/v1/statuses/{posts[0].pk}/pin").status_code == 200  # again: no change
    refused = client.post(f"/api/v1/statuses/{posts[3].pk}/pin")
    assert (refused.status_code, refused.json()["error"]) == (422, "Validation failed: You can pin at most 3 posts")
    pinned = ApiClient(None).get(f"/api/v1/accounts/{author.pk}/statuses", {"pinned": "true"})
    assert _ids(pinned) == [str(status.pk) for status in reversed(posts[:3])]
    assert client.post(f"/api/v1/statuses/{posts[1].pk}/unpin").json()["pinned"] is False
    assert as_user(other).post(f"/api/v1/statuses/{posts[3].pk}/pin").status_code == 422
    comment = as_user(author).post("/api/v1/statuses", {"status": "c", "in_reply_to_id": posts[3].pk}).json()
    assert "Comments can't be pinned" in client.post(f"/api/v1/statuses/{comment['id']}/pin").json()["error"]


def test_a_pinned_private_post_stays_hidden_from_strangers() -> None:
    author, stranger = make_user("author", with_password=False), make_user("stranger", with_password=False)
    private = post(author, visibility="private")
    as_user(author).post(f"/api/v1/statuses/{private.pk}/pin")
    assert as_user(stranger).get(f"/api/v1/accounts/{author.pk}/statuses", {"pinned": "true"}).json() == []


def test_hashtags_can_be_followed_and_read_newest_first() -> None:
    author, fan, muted = (make_user(name, with_password=False) for name in ("author", "fan", "muted"))
    older = post(author, "a #Sunset")
    post(author, "a #sunset, privately", visibility="private")
    post(muted, "my #sunset")
    newer = post(author, "#sunset again")
    graph.mute(fan, muted)
    client = as_user(fan)
    assert _ids(client.get("/api/v1/timelines/tag/sunset")) == [str(newer.pk), str(older.pk)]
    assert len(ApiClient(None).get("/api/v1/timelines/tag/SUNSET").json()) == 3
    assert ApiClient(None).get("/api/v1/timelines/tag/unused").json() == []
    tag = client.get("/api/v1/tags/sunset").json()
    assert (tag["name"], tag["following"]) == ("sunset", False)
    assert tag["history"][0]["uses"] == "3"
    assert tag["history"][0]["accounts"] == "2"
    assert client.post("/api/v1/tags/sunset/follow").json()["following"] is True
    assert client.post("/api/v1/tags/brandnew/follow").json()["following"] is True
    assert [item["name"] for item in client.get("/api/v1/followed_tags").json()] == ["brandnew", "sunset"]
    assert client.post("/api/v1/tags/sunset/unfollow").json()["following"] is False
    assert client.get("/api/v1/tags/nosuchtag").status_code == 404
    assert client.get("/api/v1/tags/not a tag").status_code == 404
    assert client.post("/api/v1/tags/bad-tag!/follow").status_code == 404


def test_collections_hold_saved_posts_for_their_owner_only() -> None:
    author, owner, other = (make_user(name, with_password=False) for name in ("author", "owner", "other"))
    first, second = post(author), post(author)
    client = as_user(owner)
    trips = client.post("/api/photogram/v1/collections", {"name": "Trips"}).json()
    food = client.post("/api/photogram/v1/collections", {"name": "Food"}).json()
    assert client.post("/api/photogram/v1/collections", {"name": "Trips"}).status_code == 422
    assert client.post("/api/photogram/v1/collections", {"name": " "}).status_code == 422
    for status in (first, second):
        added = client.post(f"/api/photogram/v1/collections/{trips['id']}/statuses", {"status_id": status.pk})
        assert added.status_code == 200
    client.post(f"/api/photogram/v1/collections/{trips['id']}/statuses", {"status_id": first.pk})  # again: no change
    assert Bookmark.objects.filter(account=owner).count() == 2  # putting a post in a collection saves it
    assert _ids(client.get(f"/api/photogram/v1/collections/{trips['id']}/statuses")) == [str(second.pk), str(first.pk)]
    listed = client.get("/api/photogram/v1/collections").json()
    assert [(item["name"], item["statuses_count"]) for item in listed] == [("Trips", 2), ("Food", 0)]
    moved = client.patch(f"/api/photogram/v1/collections/{food['id']}", {"position": 1, "name": "Eating"}).json()
    assert moved["name"] == "Eating"
    assert [item["name"] for item in client.get("/api/photogram/v1/collections").json()] == ["Eating", "Trips"]

    assert as_user(other).get(f"/api/photogram/v1/collections/{trips['id']}").status_code == 404
    assert as_user(other).get(f"/api/photogram/v1/collections/{trips['id']}/statuses").status_code == 404
    removed = client.delete(f"/api/photogram/v1/collections/{trips['id']}/statuses/{first.pk}").json()
    assert removed["statuses_count"] == 1
    client.post(f"/api/v1/statuses/{second.pk}/unbookmark")  # unsaving leaves every collection
    assert not CollectionItem.objects.exists()
    hidden = post(author, visibility="private")
    assert (
        client.post(f"/api/photogram/v1/collections/{trips['id']}/statuses", {"status_id": hidden.pk}).status_code
        == 404
    )
    assert client.delete(f"/api/photogram/v1/collections/{trips['id']}").status_code == 200
    assert client.get(f"/api/photogram/v1/collections/{trips['id']}").status_code == 404
