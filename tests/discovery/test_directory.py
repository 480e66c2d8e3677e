"""The profile directory (public accounts only) and familiar followers (only whom the viewer may see)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation
from photogram.posts.models import Status
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _usernames(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [account["username"] for account in response.json()]


def test_the_directory_lists_public_accounts_the_viewer_may_see() -> None:
    viewer, _quiet, early, recent, blocked, muted = (
        make_user(name, with_password=False) for name in ("viewer", "quiet", "early", "recent", "blocked", "muted")
    )
    private = make_user("private", with_password=False, locked=True)
    gone = make_user("gone", with_password=False)
    old = post(early, "long ago")
    Status.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    post(recent, "just now")
    post(early, "a followers-only post does not make one active", visibility="private")
    post(private, "private accounts are not in the directory")
    graph.block(blocked, viewer)
    graph.mute(viewer, muted)
    moderation.suspend(User.objects.filter(pk=gone.pk))

    client = as_user(viewer)
    # Newest post first ("active" is the default), then those who never posted, newest first.
    assert _usernames(client.get("/api/v1/directory")) == ["recent", "early", "quiet", "viewer"]
    assert _usernames(client.get("/api/v1/directory", {"order": "new"})) == ["recent", "early", "quiet", "viewer"]
    assert _usernames(ApiClient(None).get("/api/v1/directory", {"order": "new", "local": "true"})) == [
        "muted",
        "blocked",
        "recent",
        "early",
        "quiet",
        "viewer",
    ]
    page = client.get("/api/v1/directory", {"order": "new", "limit": 2, "offset": 1})
    assert _usernames(page) == ["early", "quiet"]
    assert "offset=3" in page["Link"]
    assert "order=new" in page["Link"]
    assert client.get("/api/v1/directory", {"order": "popular"}).status_code == 422


def test_familiar_followers_are_the_people_one_follows_who_follow_an_account() -> None:
    viewer, friend, pal, blocker, gone, target, other = (
        make_user(name, with_password=False)
        for name in ("viewer", "friend", "pal", "blocker", "gone", "target", "other")
    )
    closed = make_user("closed", with_password=False, locked=True)
    shut = make_user("shut", with_password=False, locked=True)
    for person in (friend, pal, blocker, gone):
        graph.follow(viewer, person)
        graph.follow(person, target)
    graph.follow(friend, other)
    graph.follow(viewer, closed)
    graph.authorize_follow_request(closed, viewer.pk)
    graph.follow(viewer, shut)  # pending: the viewer may not list shut's followers
    for person in (friend, closed):
        graph.follow(person, shut)
        graph.authorize_follow_request(shut, person.pk)
    graph.follow(friend, closed)
    graph.authorize_follow_request(closed, friend.pk)
    graph.follow(blocker, viewer)
    graph.block(blocker, viewer)  # ends the viewer's follow of blocker too
    moderation.suspend(User.objects.filter(pk=gone.pk))
    hidden = make_user("hidden", with_password=False)
    graph.block(hidden, viewer)

    asked = [target.pk, other.pk, closed.pk, shut.pk, hidden.pk, 999999, target.pk]
    found = as_user(viewer).get("/api/v1/accounts/familiar_followers", {"id[]": asked})
    assert found.status_code == 200, found.content
    assert [(item["id"], [account["username"] for account in item["accounts"]]) for item in found.json()] == [
        (str(target.pk), ["pal", "friend"]),
        (str(other.pk), ["friend"]),
        (str(closed.pk), ["friend"]),  # the viewer is an approved follower: may list its followers
        (str(shut.pk), []),
    ]
    assert as_user(viewer).get("/api/v1/accounts/familiar_followers", {"id[]": list(range(1, 42))}).status_code == 422
    assert ApiClient(None).get("/api/v1/accounts/familiar_followers", {"id[]": [target.pk]}).status_code == 401
