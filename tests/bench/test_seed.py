"""The benchmark seed: deterministic, resumable, skewed like a real community, and never run on real data."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from bench.seeding import marker
from bench.seeding.command import Command
from bench.seeding.feeds import store
from photogram.accounts.models import Block, Follow, FollowRequest, Mute, User
from photogram.core.window import CursorWindow
from photogram.media.models import MediaAttachment
from photogram.posts.models import Favourite, Status, StatusMedia

pytestmark = pytest.mark.django_db(transaction=True)

TINY = ["--users", "60", "--follows", "900", "--posts", "300", "--comments", "120", "--likes", "400"]
TINY += ["--feed-length", "15", "--chunk-rows", "97"]


@pytest.fixture(autouse=True)
def no_marker_left() -> Iterator[None]:
    yield
    marker.drop()


def seed(*arguments: str) -> str:
    out = io.StringIO()
    call_command(Command(), *TINY, *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict[str, Any]:
    return {
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "locked", "followers_count")),
        "follows": list(Follow.objects.order_by("pk").values_list("pk", "follower_id", "followee_id")),
        "statuses": list(
            Status.objects.order_by("pk").values_list("pk", "author_id", "caption", "visibility", "in_reply_to_id")
        ),
        "media": list(MediaAttachment.objects.order_by("pk").values_list("pk", "owner_id", "renditions")),
        "likes": list(Favourite.objects.order_by("pk").values_list("pk", "account_id", "status_id")),
    }


def test_the_same_seed_makes_the_same_community() -> None:
    seed("--seed", "7")
    first = snapshot()
    seed("--seed", "7", "--reset")
    assert snapshot() == first
    seed("--seed", "8", "--reset")
    assert snapshot()["follows"] != first["follows"]


def test_a_rerun_changes_nothing_and_an_interrupted_load_resumes() -> None:
    seed()
    first = snapshot()
    assert "nothing to do" in seed()
    assert snapshot() == first
    # As if the load had stopped once the accounts were in: the rest is regenerated and loaded.
    found = marker.read()
    assert found is not None
    for model in (Follow, FollowRequest, Block, Mute, Status, MediaAttachment):
        model.objects.all().delete()
    found.progress = {"users": found.progress["users"]}
    found.finished_at = None
    marker.save(found)
    assert "resumed" in seed()
    assert snapshot() == first


def test_followers_follow_a_power_law_and_every_count_matches_its_rows() -> None:
    seed()
    followers = sorted(User.objects.values_list("followers_count", flat=True), reverse=True)
    assert sum(followers) == Follow.objects.count() == 900
    # A few accounts hold a large share of all follows; the typical account has few.
    assert sum(followers[:6]) > 0.25 * sum(followers)
    assert statistics.median(followers) < statistics.mean(followers) * 0.75
    actual = Counter(Follow.objects.values_list("followee_id", flat=True))
    assert all(actual[user.pk] == user.followers_count for user in User.objects.all())
    following = Counter(Follow.objects.values_list("follower_id", flat=True))
    assert all(following[user.pk] == user.following_count for user in User.objects.all())
    posts = Counter(Status.objects.filter(in_reply_to__isnull=True).values_list("author_id", flat=True))
    assert all(posts[user.pk] == user.statuses_count for user in User.objects.all())
    replies = Counter(Status.objects.exclude(in_reply_to=None).values_list("in_reply_to_id", flat=True))
    likes = Counter(Favourite.objects.values_list("status_id", flat=True))
    for status in Status.objects.filter(in_reply_to__isnull=True):
        assert (status.replies_count, status.favourites_count) == (replies[status.pk], likes[status.pk])


def test_the_community_has_private_accounts_carousels_blocks_mutes_and_home_feeds() -> None:
    seed()
    assert User.objects.filter(locked=True).exists()
    assert not Status.objects.filter(author__locked=True, in_reply_to=None).exclude(visibility="private").exists()
    assert StatusMedia.objects.filter(position=1).exists()
    assert StatusMedia.objects.count() == MediaAttachment.objects.filter(attached_at__isnull=False).count()
    assert Block.objects.count() == 12
    assert Mute.objects.count() == 30
    # Likes and comments go to the posts of popular accounts.
    liked_authors = list(Favourite.objects.values_list("status__author__followers_count", flat=True))
    every_author = list(Status.objects.filter(in_reply_to=None).values_list("author__followers_count", flat=True))
    assert statistics.mean(liked_authors) > statistics.mean(every_author)
    reader = User.objects.order_by("-following_count").first()
    assert reader is not None
    page = store().page(reader.pk, CursorWindow(limit=15))
    followed = {*Follow.objects.filter(follower=reader).values_list("followee_id", flat=True), reader.pk}
    newest = list(
        Status.objects.filter(author__in=followed, in_reply_to=None).order_by("-pk").values_list("pk", flat=True)[:15]
    )
    assert [item.status_id for item in page] == newest


def test_refuses_a_database_that_holds_other_data() -> None:
    User.objects.create_user("somebody", "somebody@example.org", "a password of theirs")
    with pytest.raises(CommandError, match="not a benchmark database"):
        seed()
    assert not marker.is_benchmark_database()
    assert User.objects.count() == 1
    seed("--allow-non-benchmark-data")
    assert marker.is_benchmark_database()
    assert User.objects.count() == 61


def test_refuses_other_parameters_without_reset() -> None:
    seed()
    with pytest.raises(CommandError, match="--reset"):
        seed("--seed", "2")
    assert marker.read() is not None
