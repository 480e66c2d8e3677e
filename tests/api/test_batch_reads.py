"""Mastodon 4.3's batch reads, `GET /api/v1/statuses?id[]=` and `GET /api/v1/accounts?id[]=`: what the viewer
may see, in the order asked, the rest left out silently."""

from __future__ import annotations

import json
from typing import Any

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [int(item["id"]) for item in response.json()]


def test_statuses_are_read_in_a_batch_leaving_out_what_the_viewer_may_not_see() -> None:
    viewer, author, blocker, gone = (
        make_user(name, with_password=False) for name in ("viewer", "author", "blocker", "gone")
    )
    private_author = make_user("private", with_password=False, locked=True)
    first, second = post(author, "first"), post(author, "second")
    for_followers = post(private_author, "for followers", visibility="private")
    by_blocker = post(blocker, "by blocker")
    by_gone = post(gone, "by gone")
    graph.block(blocker, viewer)
    moderation.suspend(User.objects.filter(pk=gone.pk))
    asked = [second.pk, for_followers.pk, by_blocker.pk, by_gone.pk, 999999, first.pk, second.pk]

    assert _ids(as_user(viewer).get("/api/v1/statuses", {"id[]": asked})) == [second.pk, first.pk]
    assert _ids(ApiClient(None).get("/api/v1/statuses", {"id[]": asked})) == [second.pk, by_blocker.pk, first.pk]
    assert _ids(as_user(private_author).get("/api/v1/statuses", {"id[]": asked})) == [
        second.pk,
        for_followers.pk,
        by_blocker.pk,
        first.pk,
    ]
    assert ApiClient(None).get("/api/v1/statuses").json() == []
    # As Mastodon.py sends some GET parameters: in a JSON body.
    in_json = ApiClient(None).client.generic(
        "GET", "/api/v1/statuses", json.dumps({"id": [str(first.pk)]}), "application/json"
    )
    assert _ids(in_json) == [first.pk]
    assert ApiClient(None).get("/api/v1/statuses", {"id[]": list(range(1, 42))}).status_code == 422
    assert ApiClient(None).get("/api/v1/statuses", {"id[]": "abc"}).status_code == 422


def test_accounts_are_read_in_a_batch_leaving_out_those_the_viewer_may_not_see() -> None:
    viewer, alice, blocked, gone = (
        make_user(name, with_password=False) for name in ("viewer", "alice", "blocked", "gone")
    )
    locked = make_user("locked", with_password=False, locked=True)
    graph.block(viewer, blocked)
    moderation.suspend(User.objects.filter(pk=gone.pk))
    asked = [locked.pk, blocked.pk, gone.pk, 999999, alice.pk, locked.pk]

    found = as_user(viewer).get("/api/v1/accounts", {"id[]": asked})
    assert _ids(found) == [locked.pk, alice.pk]
    assert found.json()[0]["locked"] is True
    assert _ids(ApiClient(None).get("/api/v1/accounts", {"id[]": asked})) == [locked.pk, blocked.pk, alice.pk]
    assert ApiClient(None).get("/api/v1/accounts", {"id[]": list(range(1, 42))}).status_code == 422
    # The same URL still registers accounts (POST): the batch read is its GET.
    assert ApiClient(None).post("/api/v1/accounts", {"username": "x"}).status_code == 401
