"""Follow suggestions: friends of friends first (by how many), then popular accounts; never oneself, one's
follows or requests, blocks either way, mutes, suspended, locked or dismissed accounts."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation
from photogram.discovery.models import SuggestionDismissal
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _people(*names: str, **fields: Any) -> dict[str, User]:
    return {name: make_user(name, with_password=False, **fields) for name in names}


def _follows(*edges: tuple[User, User]) -> None:
    for follower, followee in edges:
        graph.follow(follower, followee)


def _usernames(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [account["username"] for account in response.json()]


def test_friends_of_friends_come_first_then_popular_accounts() -> None:
    p = _people("viewer", "f1", "f2", "f3", "x", "y", "pop", "o1", "o2", "o3", "blocked", "blocker", "muted", "gone")
    p.update(_people("private", "asked", locked=True))
    viewer = p["viewer"]
    _follows(
        (viewer, p["f1"]),
        (viewer, p["f2"]),
        (viewer, p["f3"]),
        (p["f1"], p["x"]),
        (p["f2"], p["x"]),
        (p["f1"], p["y"]),
        *((p[name], p["pop"]) for name in ("o1", "o2", "o3")),
        # Each of these would be a friend of a friend, and must not be suggested.
        (p["f1"], viewer),
        (p["f1"], p["f2"]),
        (p["f1"], p["blocked"]),
        (p["f1"], p["blocker"]),
        (p["f2"], p["muted"]),
        (p["f2"], p["gone"]),
        (p["f3"], p["private"]),
        (p["f3"], p["asked"]),
        (viewer, p["asked"]),  # a pending request: the account is locked
    )
    graph.block(viewer, p["blocked"])
    graph.block(p["blocker"], viewer)
    graph.mute(viewer, p["muted"])
    moderation.suspend(User.objects.filter(pk=p["gone"].pk))

    client = as_user(viewer)
    found = client.get("/api/v2/suggestions").json()
    assert [(item["account"]["username"], item["sources"], item["source"]) for item in found] == [
        ("x", ["friends_of_friends", "most_followed"], "past_interactions"),
        ("y", ["friends_of_friends", "most_followed"], "past_interactions"),
        ("pop", ["most_followed"], "global"),
    ]
    assert _usernames(client.get("/api/v1/suggestions")) == ["x", "y", "pop"]
    assert _usernames(client.get("/api/v1/suggestions", {"limit": 1})) == ["x"]
    assert len(client.get("/api/v2/suggestions", {"limit": 1000}).json()) == 3  # a limit above 80 asks for 80
    assert client.get("/api/v1/suggestions", {"limit": 0}).status_code == 422


def test_a_dismissed_suggestion_never_comes_back() -> None:
    p = _people("viewer", "friend", "x", "y")
    _follows((p["viewer"], p["friend"]), (p["friend"], p["x"]), (p["friend"], p["y"]))
    client = as_user(p["viewer"])
    assert _usernames(client.get("/api/v1/suggestions")) == ["y", "x"]  # as many friends: the newer first
    answer = client.delete(f"/api/v1/suggestions/{p['y'].pk}")
    assert (answer.status_code, answer.json()) == (200, {})
    assert client.delete(f"/api/v1/suggestions/{p['y'].pk}").status_code == 200  # again: no change
    assert _usernames(client.get("/api/v1/suggestions")) == ["x"]
    assert as_user(p["friend"]).get("/api/v1/suggestions").status_code == 200  # one person's dismissal only
    # An unknown id answers as Mastodon does, and keeps nothing.
    assert client.delete("/api/v1/suggestions/999999").json() == {}
    assert SuggestionDismissal.objects.count() == 1
    assert ApiClient(None).get("/api/v1/suggestions").status_code == 401
