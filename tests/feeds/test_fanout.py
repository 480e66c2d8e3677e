"""Fan-out in detail, calling the services the tasks call: chunks, retries, who is skipped, rebuilds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from photogram.accounts.models import Block, Follow, Mute, User
from photogram.core.window import CursorWindow
from photogram.feeds.models import FeedState, OutboxMessage
from photogram.feeds.services import fanout, rebuild
from photogram.feeds.stores import feeds
from tests.posts.helpers import post
from tests.support.api import ApiClient, make_token, make_user
from tests.support.eventually import soon


def feed(user: User) -> list[int]:
    return [item.status_id for item in feeds.default.page(user.pk, CursorWindow(limit=40))]


def followers_of(author: User, count: int, prefix: str = "follower") -> list[User]:
    users = [make_user(f"{prefix}{number}", with_password=False) for number in range(count)]
    Follow.objects.bulk_create(Follow(follower=user, followee=author) for user in users)
    return users


@pytest.mark.django_db
def test_a_post_fans_out_in_chunks_and_a_retried_chunk_writes_nothing_twice(settings: Any) -> None:
    settings.FEED_FANOUT = {**settings.FEED_FANOUT, "CHUNK_SIZE": 3}
    author = make_user("author", with_password=False)
    followers = followers_of(author, 7)
    status = post(author, "hello")
    assert OutboxMessage.objects.filter(task="photogram.feeds.tasks.fan_out_post", args=[status.pk]).exists()

    chunks = fanout.fan_out_post(status.pk)
    assert len(chunks) == 3
    assert sum(fanout.fan_out_chunk(*chunk) for chunk in chunks) == 7
    assert sum(fanout.fan_out_chunk(*chunk) for chunk in chunks) == 7  # a retry of every chunk
    assert soon(lambda: [feed(user) for user in [author, *followers]], [[status.pk]] * 8) == [[status.pk]] * 8


@pytest.mark.django_db
def test_muted_blocked_inactive_and_suspended_followers_are_skipped() -> None:
    author = make_user("author", with_password=False)
    active, muting, blocking, asleep, never_read, suspended = followers_of(author, 6)
    Mute.objects.create(muter=muting, muted=author)
    Block.objects.create(blocker=blocking, blocked=author)
    long_ago = timezone.now() - timedelta(days=400)
    FeedState.objects.create(owner=asleep, last_read_at=long_ago)
    User.objects.filter(pk=never_read.pk).update(date_joined=long_ago)
    User.objects.filter(pk=suspended.pk).update(suspended_at=timezone.now())
    FeedState.objects.create(owner=active, last_read_at=timezone.now())
    status = post(author, "who gets this")
    for chunk in fanout.fan_out_post(status.pk):
        fanout.fan_out_chunk(*chunk)
    assert soon(lambda: feed(active), [status.pk]) == [status.pk]
    for skipped in (muting, blocking, asleep, never_read, suspended):
        assert feed(skipped) == []


@pytest.mark.django_db
def test_comments_and_direct_posts_stay_out_of_feeds_and_big_accounts_are_not_fanned_out(settings: Any) -> None:
    author = make_user("author", with_password=False)
    followers_of(author, 2)
    status = post(author, "a post")
    before = OutboxMessage.objects.count()
    post(author, "a comment", photos=0, in_reply_to_id=status.pk)
    post(author, "a direct post", visibility="direct")
    assert OutboxMessage.objects.count() == before
    settings.FEED_FANOUT = {**settings.FEED_FANOUT, "PULL_THRESHOLD": 1}
    User.objects.filter(pk=author.pk).update(followers_count=2)
    assert fanout.fan_out_post(status.pk) == []
    assert soon(lambda: feed(author), [status.pk]) == [status.pk]


@pytest.mark.django_db
def test_backfill_removal_and_rebuild() -> None:
    reader, author, other = (make_user(name, with_password=False) for name in ("reader", "author", "other"))
    older = [post(author, f"old {number}").pk for number in range(3)]
    Follow.objects.create(follower=reader, followee=author)
    assert fanout.backfill_follow(reader.pk, author.pk) == 3
    assert soon(lambda: feed(reader), older[::-1]) == older[::-1]
    # A removal for a follow that came back meanwhile leaves the feed alone.
    fanout.remove_author(reader.pk, author.pk)
    assert feed(reader) == older[::-1]
    Follow.objects.filter(follower=reader).delete()
    fanout.remove_author(reader.pk, author.pk)
    nothing: list[int] = []
    assert soon(lambda: feed(reader), nothing) == nothing

    Follow.objects.create(follower=reader, followee=other)
    mine, theirs = post(reader, "mine").pk, post(other, "theirs").pk
    assert rebuild.rebuild_many([reader.pk]) == 2
    assert soon(lambda: feed(reader), [theirs, mine]) == [theirs, mine]
    for chunk in fanout.remove_post(theirs, other.pk):
        fanout.remove_chunk(*chunk)
    assert soon(lambda: feed(reader), [mine]) == [mine]


@pytest.mark.django_db
def test_a_deleted_post_leaves_feeds_in_chunks_and_a_retried_chunk_is_harmless(settings: Any) -> None:
    settings.FEED_FANOUT = {**settings.FEED_FANOUT, "CHUNK_SIZE": 3}
    author = make_user("author", with_password=False)
    followers = followers_of(author, 7)
    status = post(author, "soon gone")
    for chunk in fanout.fan_out_post(status.pk):
        fanout.fan_out_chunk(*chunk)
    assert soon(lambda: [feed(user) for user in [author, *followers]], [[status.pk]] * 8) == [[status.pk]] * 8
    # Muted since the fan-out: the fan-out would skip this follower now, the removal must not.
    Mute.objects.create(muter=followers[0], muted=author)

    chunks = fanout.remove_post(status.pk, author.pk)
    assert len(chunks) == 3
    assert sum(fanout.remove_chunk(*chunk) for chunk in chunks) == 7
    assert sum(fanout.remove_chunk(*chunk) for chunk in chunks) == 7  # a retry of every chunk
    emptied: list[list[int]] = [[]] * 8
    assert soon(lambda: [feed(user) for user in [author, *followers]], emptied) == emptied


@pytest.mark.django_db
def test_a_deleted_post_of_an_account_pulled_at_read_time_leaves_only_its_authors_feed(settings: Any) -> None:
    settings.FEED_FANOUT = {**settings.FEED_FANOUT, "PULL_THRESHOLD": 1}
    author = make_user("author", with_password=False)
    followers_of(author, 2)
    User.objects.filter(pk=author.pk).update(followers_count=2)
    status = post(author, "never fanned out")
    assert fanout.fan_out_post(status.pk) == []
    assert soon(lambda: feed(author), [status.pk]) == [status.pk]
    assert fanout.remove_post(status.pk, author.pk) == []  # no chunks: no follower's feed ever held it
    nothing: list[int] = []
    assert soon(lambda: feed(author), nothing) == nothing


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("feed_stack")
def test_a_reader_back_after_months_finds_a_rebuilt_feed() -> None:
    reader, author = make_user("reader", with_password=False), make_user("author", with_password=False)
    Follow.objects.create(follower=reader, followee=author)
    FeedState.objects.create(owner=reader, last_read_at=timezone.now() - timedelta(days=400))
    missed = post(author, "while you were away").pk
    client = ApiClient(make_token(reader))

    def home() -> list[str]:
        response = client.get("/api/v1/timelines/home")
        assert response.status_code == 200, response.json()
        return [status["id"] for status in response.json()]

    assert soon(home, [str(missed)]) == [str(missed)]
    assert FeedState.objects.get(owner=reader).rebuilt_at is not None
