"""Home timelines driven by Mastodon.py against a real HTTP server: follows, posts and reads, with private,
muted, blocked, unfollowed and deleted cases, through the outbox, workers and feed service on full."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from mastodon import Mastodon

from photogram.accounts.models import User
from tests.posts.helpers import media
from tests.support.api import make_token, make_user
from tests.support.eventually import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("feed_stack")]


@pytest.fixture
def server(live_server: Any) -> str:
    return str(live_server.url)


class Person:
    """One account and its Mastodon.py client."""

    def __init__(self, server: str, username: str, **fields: Any) -> None:
        self.user = make_user(username, with_password=False, **fields)
        self.client = Mastodon(
            access_token=make_token(self.user), api_base_url=server, version_check_mode="none", ratelimit_method="throw"
        )

    def post(self, caption: str, visibility: str = "public") -> str:
        status = self.client.status_post(caption, media_ids=[media(self.user).pk], visibility=visibility)
        return str(status.id)

    def home(self, **query: Any) -> list[str]:
        return [str(status.id) for status in self.client.timeline_home(**query)]

    def sees(self, expected: list[str]) -> list[str]:
        """Return the home timeline once it shows `expected` (or as it is when waiting runs out)."""
        return soon(self.home, expected)


def ids(page: Any) -> list[str]:
    assert page is not None
    return [str(status.id) for status in page]


def person(server: str) -> Callable[..., Person]:
    return lambda username, **fields: Person(server, username, **fields)


def test_follow_post_and_read_with_private_muted_blocked_and_deleted_posts(server: str) -> None:
    make = person(server)
    alice, bob, carol, dave = make("alice"), make("bob"), make("carol", locked=True), make("dave")

    alice.client.account_follow(bob.user.pk)
    dave.client.account_follow(bob.user.pk)
    first = bob.post("first light")
    assert alice.sees([first]) == [first]
    assert dave.sees([first]) == [first]
    assert bob.sees([first]) == [first]
    own = alice.post("my own")
    assert alice.sees([own, first]) == [own, first]

    # A locked account's followers-only post reaches approved followers only, and the approval backfills it.
    alice.client.account_follow(carol.user.pk)
    hidden = carol.post("for friends", visibility="private")
    assert carol.sees([hidden]) == [hidden]
    assert alice.home() == [own, first]
    carol.client.follow_request_authorize(alice.user.pk)
    assert alice.sees([hidden, own, first]) == [hidden, own, first]
    later = carol.post("friends again", visibility="private")
    assert alice.sees([later, hidden, own, first]) == [later, hidden, own, first]
    assert dave.home() == [first]

    # Muting hides what is already there and skips what comes; blocking and unfollowing take posts out.
    alice.client.account_mute(bob.user.pk)
    assert alice.sees([later, hidden, own]) == [later, hidden, own]
    muted = bob.post("while muted")
    assert dave.sees([muted, first]) == [muted, first]
    assert alice.home() == [later, hidden, own]
    bob.client.account_block(dave.user.pk)
    assert dave.sees([]) == []
    alice.client.account_unfollow(carol.user.pk)
    assert alice.sees([own]) == [own]

    # Unmuting shows again what the feed held (the post made while muted was never written to it).
    alice.client.account_unmute(bob.user.pk)
    assert alice.sees([own, first]) == [own, first]
    # A deleted post leaves every feed.
    news = bob.post("news")
    assert alice.sees([news, own, first]) == [news, own, first]
    bob.client.status_delete(news)
    assert alice.sees([own, first]) == [own, first]
    assert bob.sees([muted, first]) == [muted, first]


def test_pages_follow_the_link_header(server: str) -> None:
    make = person(server)
    reader, author = make("reader"), make("author")
    reader.client.account_follow(author.user.pk)
    posted = [author.post(f"post {number}") for number in range(5)]
    newest_first = posted[::-1]
    assert reader.sees(newest_first) == newest_first

    page = reader.client.timeline_home(limit=2)
    assert ids(page) == newest_first[:2]
    second = reader.client.fetch_next(page)
    assert ids(second) == newest_first[2:4]
    assert ids(reader.client.fetch_next(second)) == newest_first[4:]
    assert ids(reader.client.fetch_previous(second)) == newest_first[:2]
    assert reader.home(since_id=posted[2]) == newest_first[:2]
    assert reader.home(min_id=posted[0], limit=1) == [posted[1]]


def test_a_big_account_is_merged_at_read_time(server: str, settings: Any) -> None:
    make = person(server)
    reader, star = make("reader"), make("star")
    reader.client.account_follow(star.user.pk)
    before = star.post("before fame")
    assert reader.sees([before]) == [before]
    # Above the threshold the fan-out skips the star: the read merges the star's posts from the database.
    User.objects.filter(pk=star.user.pk).update(followers_count=settings.FEED_FANOUT["PULL_THRESHOLD"] + 1)
    famous = star.post("famous now")
    assert reader.sees([famous, before]) == [famous, before]
    assert star.sees([famous, before]) == [famous, before]
