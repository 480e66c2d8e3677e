"""Who sees which post, through GET /api/v1/statuses/:id and an account's posts, as each kind of viewer."""

from __future__ import annotations

import pytest
from django.utils import timezone

from photogram.accounts.models import User
from photogram.accounts.services import graph
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db

VIEWERS = ["author", "follower", "mentioned", "stranger", "blocked", "blocker", "anonymous"]
SEES = {
    "public": {"author", "follower", "mentioned", "stranger", "anonymous"},
    "unlisted": {"author", "follower", "mentioned", "stranger", "anonymous"},
    "private": {"author", "follower"},
    "direct": {"author", "mentioned"},
}


def _people() -> dict[str, User]:
    people = {name: make_user(name, with_password=False) for name in VIEWERS if name != "anonymous"}
    author = people["author"]
    for name in ("follower", "blocked", "blocker"):
        graph.follow(people[name], author)
    graph.block(author, people["blocked"])
    graph.block(people["blocker"], author)
    return people


def _everyone(people: dict[str, User]) -> list[tuple[str, User | None]]:
    return [*people.items(), ("anonymous", None)]


def _client(viewer: User | None) -> ApiClient:
    return as_user(viewer) if viewer is not None else ApiClient(None)


def _listed(client: ApiClient, author: User) -> list[str]:
    response = client.get(f"/api/v1/accounts/{author.pk}/statuses")
    return [item["id"] for item in response.json()] if response.status_code == 200 else []


@pytest.mark.parametrize("visibility", list(SEES))
def test_each_viewer_sees_what_the_visibility_allows(visibility: str) -> None:
    people = _people()
    author = people["author"]
    status = post(author, "for @mentioned", visibility=visibility)
    for name, viewer in _everyone(people):
        client = _client(viewer)
        expected = name in SEES[visibility]
        shown = client.get(f"/api/v1/statuses/{status.pk}")
        assert shown.status_code == (200 if expected else 404), (visibility, name)
        assert (str(status.pk) in _listed(client, author)) is expected, (visibility, name)


def test_comments_on_a_hidden_post_are_hidden_too() -> None:
    people = _people()
    author, follower, stranger = people["author"], people["follower"], people["stranger"]
    private = post(author, visibility="private")
    comment = as_user(follower).post("/api/v1/statuses", {"status": "hi", "in_reply_to_id": private.pk}).json()
    assert as_user(author).get(f"/api/v1/statuses/{comment['id']}").status_code == 200
    assert as_user(stranger).get(f"/api/v1/statuses/{comment['id']}").status_code == 404
    assert str(comment["id"]) not in _listed(as_user(stranger), follower)
    assert as_user(stranger).get(f"/api/v1/statuses/{private.pk}/context").status_code == 404


def test_nothing_of_a_suspended_account_is_shown() -> None:
    people = _people()
    author = people["author"]
    status = post(author)
    User.objects.filter(pk=author.pk).update(suspended_at=timezone.now())
    for viewer in (people["follower"], people["stranger"], None):
        client = _client(viewer)
        assert client.get(f"/api/v1/statuses/{status.pk}").status_code == 404
        assert client.get(f"/api/v1/accounts/{author.pk}/statuses").status_code == 404


def test_account_statuses_filters_and_pages() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    posts = [post(author, f"post {n}") for n in range(5)]
    comment = as_user(author).post("/api/v1/statuses", {"status": "me too", "in_reply_to_id": posts[0].pk}).json()
    client = as_user(fan)
    everything = client.get(f"/api/v1/accounts/{author.pk}/statuses").json()
    assert [item["id"] for item in everything] == [comment["id"]] + [str(p.pk) for p in reversed(posts)]
    no_replies = client.get(f"/api/v1/accounts/{author.pk}/statuses", {"exclude_replies": "true"}).json()
    assert comment["id"] not in [item["id"] for item in no_replies]
    media_only = client.get(f"/api/v1/accounts/{author.pk}/statuses", {"only_media": "true"}).json()
    assert len(media_only) == 5
    first = client.get(f"/api/v1/accounts/{author.pk}/statuses", {"limit": 2})
    assert [item["id"] for item in first.json()] == [comment["id"], str(posts[4].pk)]
    assert 'rel="next"' in first["Link"]
    second = client.get(f"/api/v1/accounts/{author.pk}/statuses", {"limit": 2, "max_id": posts[4].pk}).json()
    assert [item["id"] for item in second] == [str(posts[3].pk), str(posts[2].pk)]
    assert client.get("/api/v1/accounts/1/statuses").status_code == 404


@pytest.mark.parametrize("visibility", list(SEES))
def test_every_post_endpoint_follows_the_same_rules(visibility: str) -> None:
    people = _people()
    author = people["author"]
    status = post(author, "#matrix for @mentioned", visibility=visibility)
    pinnable = visibility != "direct"  # direct posts can't be pinned
    assert as_user(author).post(f"/api/v1/statuses/{status.pk}/pin").status_code == (200 if pinnable else 422)
    for name, viewer in _everyone(people):
        client = _client(viewer)
        expected = name in SEES[visibility]
        code = 200 if expected else 404
        for path in ("history", "favourited_by", "context"):
            assert client.get(f"/api/v1/statuses/{status.pk}/{path}").status_code == code, (visibility, name, path)
        pinned = client.get(f"/api/v1/accounts/{author.pk}/statuses", {"pinned": "true"})
        shown = str(status.pk) in [item["id"] for item in pinned.json()] if pinned.status_code == 200 else False
        assert shown is (expected and pinnable), (visibility, name)
        # Hashtag timelines show public posts only.
        tagged = [item["id"] for item in client.get("/api/v1/timelines/tag/matrix").json()]
        assert (str(status.pk) in tagged) is (expected and visibility == "public"), (visibility, name)
        if viewer is None:
            continue
        if name != "author":
            assert client.get(f"/api/v1/statuses/{status.pk}/source").status_code == code, (visibility, name)
        for action in ("favourite", "bookmark"):
            assert client.post(f"/api/v1/statuses/{status.pk}/{action}").status_code == code, (visibility, name)
        liked = [item["id"] for item in client.get("/api/v1/favourites").json()]
        assert (str(status.pk) in liked) is expected, (visibility, name)
