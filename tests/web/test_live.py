"""What the live parts of the pages ask the server for: the unread badge, the notifications and posts above
the newest one shown, and a policy that lets the page open its stream."""

from __future__ import annotations

import re
from typing import Any

import pytest

from photogram.accounts.services import graph
from photogram.posts.services import interactions
from tests.support.api import make_user
from tests.support.eventually import soon
from tests.web.community import Community, build, client_for, post, text_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("feed_stack")]

HTMX = {"HX-Request": "true"}


@pytest.fixture
def town() -> Community:
    return build()


def badge(page: str) -> str:
    """Return the unread badge's text, "" when it is hidden."""
    found = re.search(r'<span class="unread" id="unread"( hidden)?><span class="badge"[^>]*>([^<]*)<', page)
    assert found is not None, "every signed-in page has the badge"
    return "" if found.group(1) else found.group(2)


def test_the_badge_counts_unread_notifications_until_the_notifications_page_is_seen() -> None:
    alice, bob, frank = (make_user(name, with_password=False) for name in ("alice", "bob", "frank"))
    shot = post(alice, "Sunset")
    page = client_for(alice)
    assert badge(text_of(page.get("/explore"))) == ""
    graph.follow(frank, alice)
    interactions.favourite(frank, shot.pk)
    assert soon(lambda: badge(text_of(page.get("/explore"))), "2") == "2"
    assert badge(text_of(page.get("/notifications"))) == "", "seeing them reads them"
    assert badge(text_of(page.get("/explore"))) == ""
    interactions.favourite(bob, shot.pk)
    assert soon(lambda: badge(text_of(page.get("/explore"))), "1") == "1"


def test_the_badge_does_not_count_what_a_block_hides() -> None:
    alice, frank = (make_user(name, with_password=False) for name in ("alice", "frank"))
    page = client_for(alice)
    graph.follow(frank, alice)
    assert soon(lambda: badge(text_of(page.get("/explore"))), "1") == "1"
    graph.block(alice, frank)
    assert badge(text_of(page.get("/explore"))) == ""


def test_the_notifications_above_the_newest_shown_come_alone_for_the_top_of_the_list() -> None:
    alice, frank = (make_user(name, with_password=False) for name in ("alice", "frank"))
    shot = post(alice, "Sunset")
    page = client_for(alice)
    graph.follow(frank, alice)
    assert soon(lambda: len(re.findall(r'data-id="(\d+)"', text_of(page.get("/notifications")))), 1) == 1
    newest = re.findall(r'data-id="(\d+)"', text_of(page.get("/notifications")))[0]
    interactions.favourite(frank, shot.pk)
    above = f"/notifications?since_id={newest}"
    assert soon(lambda: "liked your post" in text_of(page.get(above, headers=HTMX)), True)
    part = text_of(page.get(above, headers=HTMX))
    assert part.count('class="notification"') == 1
    assert "followed you" not in part
    assert "<html" not in part
    assert 'id="more"' not in part


def test_the_posts_above_the_newest_shown_come_alone_for_the_top_of_the_feed(town: Community) -> None:
    bob = client_for(town.bob)
    first = post(town.alice, "The first light")
    assert soon(lambda: f'data-id="{first.pk}"' in text_of(bob.get("/")), True)
    post(town.alice, "The second light")
    assert soon(lambda: "The second light" in text_of(bob.get(f"/?since_id={first.pk}", headers=HTMX)), True)
    part = text_of(bob.get(f"/?since_id={first.pk}", headers=HTMX))
    assert part.count('class="post card"') == 1
    assert "The first light" not in part
    assert "<html" not in part
    assert 'id="more"' not in part


def test_a_signed_in_page_names_its_stream_and_the_policy_lets_it_connect(town: Community, settings: Any) -> None:
    settings.STREAMING_URL = "wss://stream.example.org"
    page = client_for(town.bob).get("/explore")
    assert 'data-stream="wss://stream.example.org/api/v1/streaming"' in text_of(page)
    assert "connect-src 'self' wss://stream.example.org;" in page["Content-Security-Policy"]
    visitor = text_of(client_for(None).get("/explore"))
    assert "data-stream" not in visitor
    assert "live.js" not in visitor
