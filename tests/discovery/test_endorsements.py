"""Endorsements: accounts one follows, shown on one's profile; the Relationship says so; an unfollow ends them."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _usernames(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [account["username"] for account in response.json()]


def test_endorsing_an_account_one_follows() -> None:
    fan, star, other = (make_user(name, with_password=False) for name in ("fan", "star", "other"))
    client = as_user(fan)
    refused = client.post(f"/api/v1/accounts/{star.pk}/pin")
    assert (refused.status_code, refused.json()["error"]) == (
        422,
        "Validation failed: You can only endorse accounts you follow",
    )
    graph.follow(fan, star)
    graph.follow(fan, other)
    endorsed = client.post(f"/api/v1/accounts/{star.pk}/pin")
    assert (endorsed.status_code, endorsed.json()["endorsed"], endorsed.json()["id"]) == (200, True, str(star.pk))
    assert client.post(f"/api/v1/accounts/{star.pk}/pin").json()["endorsed"] is True  # again: no change
    assert client.post(f"/api/v1/accounts/{other.pk}/endorse").json()["endorsed"] is True  # Mastodon 4.4's name
    relationships = client.get("/api/v1/accounts/relationships", {"id[]": [star.pk, other.pk, fan.pk]}).json()
    assert [item["endorsed"] for item in relationships] == [True, True, False]
    assert _usernames(client.get("/api/v1/endorsements")) == ["other", "star"]
    assert _usernames(ApiClient(None).get(f"/api/v1/accounts/{fan.pk}/endorsements")) == ["other", "star"]
    paged = client.get("/api/v1/endorsements", {"limit": 1})
    assert _usernames(paged) == ["other"]
    assert 'rel="next"' in paged["Link"]

    assert client.post(f"/api/v1/accounts/{other.pk}/unendorse").json()["endorsed"] is False
    assert client.post(f"/api/v1/accounts/{other.pk}/unpin").json()["endorsed"] is False  # again: no change
    graph.unfollow(fan, star)  # one endorses only whom one follows
    graph.follow(fan, star)
    assert client.get("/api/v1/endorsements").json() == []
    assert as_user(star).get("/api/v1/endorsements").json() == []


def test_endorsements_stay_as_private_as_the_account_and_hide_what_the_viewer_may_not_see() -> None:
    owner = make_user("owner", with_password=False, locked=True)
    follower, stranger, shown, hidden, gone = (
        make_user(name, with_password=False) for name in ("follower", "stranger", "shown", "hidden", "gone")
    )
    for target in (shown, hidden, gone):
        graph.follow(owner, target)
        as_user(owner).post(f"/api/v1/accounts/{target.pk}/pin")
    graph.follow(follower, owner)
    graph.authorize_follow_request(owner, follower.pk)
    graph.block(hidden, follower)
    moderation.suspend(User.objects.filter(pk=gone.pk))

    url = f"/api/v1/accounts/{owner.pk}/endorsements"
    assert _usernames(as_user(follower).get(url)) == ["shown"]  # not whom they can't see
    assert _usernames(as_user(owner).get(url)) == ["hidden", "shown"]
    assert as_user(stranger).get(url).json() == []  # a locked account's list is for its followers
    assert ApiClient(None).get(url).json() == []
    graph.block(owner, stranger)
    assert as_user(stranger).get(url).status_code == 404
    assert as_user(stranger).post(f"/api/v1/accounts/{owner.pk}/pin").status_code == 404
