"""What the streams carry when people post: home and list streams match what fan-out writes, public and
hashtag streams carry public posts, and no stream carries a post its reader may not see."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.filters.services import filters
from photogram.lists.services import lists
from photogram.posts.services import editing, publishing
from tests.posts.helpers import post
from tests.support.api import make_token, make_user
from tests.support.streaming import SseClient, SseEvent, sse


@pytest.fixture
def feed_path(celery_worker_process: None, outbox_relay_process: object) -> None:
    """Fan-out as it runs on the profile: inline on embedded, the relay and a worker on full."""


@pytest.fixture
def people(transactional_db: None) -> dict[str, User]:
    author, reader, stranger = (make_user(name, with_password=False) for name in ("author", "reader", "stranger"))
    graph.follow(reader, author)
    return {"author": author, "reader": reader, "stranger": stranger}


@pytest.fixture
def open_stream(streaming_url: str, feed_path: None) -> Any:
    def opener(user: User, path: str = "/api/v1/streaming/user", **params: str) -> Any:
        return sse(streaming_url, path, make_token(user, "read"), **params)

    return opener


def status_of(event: SseEvent | None) -> dict[str, Any]:
    assert event is not None
    payload: dict[str, Any] = json.loads(event.data)
    return payload


def first_update(stream: SseClient) -> SseEvent | None:
    """Return the stream's first `update`, past the notifications before it: on full, the notification of
    the follow the test began with may reach the followed person's stream once it is open."""
    event = stream.next(timeout=10)
    while event is not None and event.event == "notification":
        event = stream.next(timeout=10)
    return event


def next_kinds(stream: SseClient, count: int) -> list[str]:
    events = [stream.next(timeout=10) for _ in range(count)]
    return [event.event if event else "closed" for event in events]


def test_a_followed_accounts_post_reaches_the_home_stream_and_its_own_only(
    open_stream: Any, people: dict[str, User]
) -> None:
    author, reader, stranger = people["author"], people["reader"], people["stranger"]
    with open_stream(reader) as home, open_stream(author) as own, open_stream(stranger) as other:
        status = post(author, "hello #Cats")
        got = home.next(timeout=10)
        mine = first_update(own)
        assert other.nothing_within(1.0)
    assert got is not None
    assert got.event == "update"
    assert status_of(got)["id"] == str(status.pk)
    assert status_of(got)["account"]["id"] == str(author.pk)
    assert status_of(mine)["id"] == str(status.pk)


def test_public_and_hashtag_streams_carry_public_posts_and_nothing_private(
    open_stream: Any, people: dict[str, User]
) -> None:
    author, stranger = people["author"], people["stranger"]
    with (
        open_stream(stranger, "/api/v1/streaming/public") as public,
        open_stream(stranger, "/api/v1/streaming/public/local", only_media="true") as local_media,
        open_stream(stranger, "/api/v1/streaming/hashtag", tag="cats") as tag,
        open_stream(stranger, "/api/v1/streaming/public/remote") as remote,
    ):
        post(author, "for followers #cats", visibility="private")
        post(author, "quietly #cats", visibility="unlisted")
        shown = post(author, "for everyone #cats")
        for stream in (public, local_media, tag):
            assert status_of(stream.next(timeout=10))["id"] == str(shown.pk)
            assert stream.nothing_within(0.5)
        assert remote.nothing_within(0.2)


def test_a_private_post_reaches_followers_only(open_stream: Any, people: dict[str, User]) -> None:
    author, reader, stranger = people["author"], people["reader"], people["stranger"]
    with open_stream(reader) as home, open_stream(stranger) as other:
        status = post(author, "for followers", visibility="private")
        assert status_of(home.next(timeout=10))["id"] == str(status.pk)
        assert other.nothing_within(1.0)


def test_a_block_or_mute_made_while_the_stream_is_open_takes_effect_at_once(
    open_stream: Any, people: dict[str, User]
) -> None:
    author, reader, stranger = people["author"], people["reader"], people["stranger"]
    with (
        open_stream(reader, "/api/v1/streaming/public") as blocking,
        open_stream(stranger, "/api/v1/streaming/public") as muting,
    ):
        first = post(author, "before")
        assert status_of(blocking.next(timeout=10))["id"] == str(first.pk)
        assert status_of(muting.next(timeout=10))["id"] == str(first.pk)
        graph.block(author, reader)  # the author blocks the reader: the other way round counts too
        graph.mute(stranger, author)
        post(author, "after")
        assert blocking.nothing_within(1.5)
        assert muting.nothing_within(0.5)


def test_list_streams_carry_their_members_posts_to_their_owner_only(
    open_stream: Any, people: dict[str, User], streaming_url: str
) -> None:
    author, reader, stranger = people["author"], people["reader"], people["stranger"]
    chosen = lists.create(reader, "friends")
    lists.add_members(reader, chosen.pk, [author.pk])
    refused = requests.get(
        f"{streaming_url}/api/v1/streaming/list",
        params={"list": chosen.pk},
        headers={"Authorization": f"Bearer {make_token(stranger, 'read')}"},
        timeout=5,
    )
    assert refused.status_code == 404
    with open_stream(reader, "/api/v1/streaming/list", list=str(chosen.pk)) as listed:
        status = post(author, "to the list")
        assert status_of(listed.next(timeout=10))["id"] == str(status.pk)


def test_edits_and_deletions_reach_the_streams_that_showed_the_post(open_stream: Any, people: dict[str, User]) -> None:
    author, reader = people["author"], people["reader"]
    with open_stream(reader) as home:
        status = post(author, "first words")
        assert home.next(timeout=10) is not None
        editing.edit(author, status.pk, editing.Changes(caption="better words"))
        edited = home.next(timeout=10)
        assert edited is not None
        assert edited.event == "status.update"
        assert "better words" in status_of(edited)["content"]
        publishing.delete(author, status)
        deleted = home.next(timeout=10)
        assert deleted is not None
        assert (deleted.event, deleted.data) == ("delete", str(status.pk))


def test_filter_changes_reach_their_owner(open_stream: Any, people: dict[str, User]) -> None:
    reader = people["reader"]
    with open_stream(reader) as home:
        filters.create(reader, title="spoilers", contexts=["home"])
        event = home.next(timeout=10)
        assert event is not None
        assert event.event == "filters_changed"
