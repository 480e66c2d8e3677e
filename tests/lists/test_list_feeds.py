"""List feeds end to end: filled by the home feed's fan-out (the real worker and feed service on the full
profile), backfilled and emptied as members come and go, and read under the same privacy rules as home."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.core.window import CursorWindow
from photogram.feeds.services import fanout, rebuild
from photogram.feeds.stores import feeds
from photogram.lists.models import List
from photogram.lists.services import lists
from photogram.posts.services import publishing
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user
from tests.support.eventually import soon

EMPTY: list[int] = []

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("feed_stack")]


def stored(made: List) -> list[int]:
    """The post ids the list's feed holds, newest first."""
    return [item.status_id for item in feeds["lists"].page(made.pk, CursorWindow(limit=40))]


def timeline(client: ApiClient, path: str, **query: Any) -> list[int]:
    response = client.get(path, query)
    assert response.status_code == 200, response.json()
    return [int(status["id"]) for status in response.json()]


def setting_up(*names: str, exclusive: bool = False) -> tuple[User, ApiClient, List, list[User]]:
    """An owner following `names`, with an empty list (named "Friends")."""
    owner = make_user("owner", with_password=False)
    followed = [make_user(name, with_password=False) for name in names]
    for account in followed:
        graph.follow(owner, account)
    return owner, as_user(owner), lists.create(owner, "Friends", exclusive=exclusive), followed


def test_a_members_new_posts_reach_the_list_and_others_do_not() -> None:
    owner, client, made, (alice, bob) = setting_up("alice", "bob")
    lists.add_members(owner, made.pk, [alice.pk])
    path = f"/api/v1/timelines/list/{made.pk}"
    by_alice = post(alice, "for the list")
    by_bob = post(bob, "home only")
    post(alice, "a comment", photos=0, in_reply_to_id=by_bob.pk)
    post(alice, "a direct post", visibility="direct")
    assert soon(lambda: stored(made), [by_alice.pk]) == [by_alice.pk]
    assert timeline(client, path) == [by_alice.pk]
    # Not exclusive: the home feed has both.
    home = [by_bob.pk, by_alice.pk]
    assert soon(lambda: timeline(client, "/api/v1/timelines/home"), home) == home


def test_adding_a_member_backfills_their_posts_and_removing_takes_them_out() -> None:
    owner, client, made, (alice, bob) = setting_up("alice", "bob")
    earlier = [post(alice, f"earlier {number}").pk for number in range(3)][::-1]
    by_bob = post(bob, "by bob").pk
    lists.add_members(owner, made.pk, [alice.pk, bob.pk])
    both = sorted([*earlier, by_bob], reverse=True)
    assert soon(lambda: stored(made), both) == both
    path = f"/api/v1/timelines/list/{made.pk}"
    assert timeline(client, path) == both

    lists.remove_members(owner, made.pk, [bob.pk])
    assert timeline(client, path) == earlier  # left out at once, before the feed loses them
    assert soon(lambda: stored(made), earlier) == earlier
    graph.unfollow(owner, alice)  # takes alice out of the list too
    assert timeline(client, path) == []
    assert not soon(lambda: stored(made), EMPTY)


def test_a_deleted_post_leaves_the_list_feed_and_a_deleted_list_its_feed() -> None:
    owner, client, made, (alice,) = setting_up("alice")
    lists.add_members(owner, made.pk, [alice.pk])
    kept, deleted = post(alice, "kept"), post(alice, "deleted")
    expected = [deleted.pk, kept.pk]
    assert soon(lambda: stored(made), expected) == expected
    publishing.delete(alice, deleted)
    assert soon(lambda: stored(made), [kept.pk]) == [kept.pk]
    assert client.delete(f"/api/v1/lists/{made.pk}").status_code == 200
    assert not soon(lambda: stored(made), EMPTY)


def test_an_exclusive_lists_members_stay_out_of_the_home_feed() -> None:
    owner, client, made, (alice, bob) = setting_up("alice", "bob", exclusive=True)
    lists.add_members(owner, made.pk, [alice.pk])
    by_alice, by_bob = post(alice, "list only"), post(bob, "home")
    assert soon(lambda: stored(made), [by_alice.pk]) == [by_alice.pk]
    assert soon(lambda: timeline(client, "/api/v1/timelines/home"), [by_bob.pk]) == [by_bob.pk]
    # A rebuilt home feed leaves them out too.
    rebuild.rebuild(owner.pk)
    assert [item.status_id for item in feeds.default.page(owner.pk, CursorWindow(limit=40))] == [by_bob.pk]


def test_accounts_pulled_at_read_time_are_merged_into_the_list(settings: Any) -> None:
    owner, client, made, (alice, bob) = setting_up("alice", "bob")
    # Above the threshold for the worker too, which has its own settings.
    big = settings.FEED_FANOUT["PULL_THRESHOLD"] + 1
    User.objects.filter(pk__in=[alice.pk, bob.pk]).update(followers_count=big)
    exclusive = lists.create(owner, "Only here", exclusive=True)
    lists.add_members(owner, made.pk, [alice.pk])
    lists.add_members(owner, exclusive.pk, [bob.pk])
    by_alice, by_bob = post(alice, "pulled"), post(bob, "pulled too")
    assert timeline(client, f"/api/v1/timelines/list/{made.pk}") == [by_alice.pk]
    assert timeline(client, f"/api/v1/timelines/list/{exclusive.pk}") == [by_bob.pk]
    assert timeline(client, "/api/v1/timelines/home") == [by_alice.pk]
    assert stored(made) == []  # never written: pulled accounts are not fanned out


def test_the_list_timeline_pages_with_mastodon_cursors() -> None:
    owner, client, made, (alice,) = setting_up("alice")
    lists.add_members(owner, made.pk, [alice.pk])
    posted = [post(alice, f"post {number}").pk for number in range(45)][::-1]
    path = f"/api/v1/timelines/list/{made.pk}"
    # 45 posts fanned out one task each by one worker: slow on a loaded machine, and speed is not the point here.
    assert soon(lambda: timeline(client, path), posted[:20], timeout=60) == posted[:20]
    assert timeline(client, path, limit=1000) == posted[:40]
    first = client.get(path, {"limit": 5})
    assert f"max_id={posted[4]}" in first["Link"]
    assert f"min_id={posted[0]}" in first["Link"]
    assert timeline(client, path, max_id=posted[4], limit=5) == posted[5:10]
    assert timeline(client, path, since_id=posted[3], limit=2) == posted[:2]
    assert timeline(client, path, min_id=posted[3], limit=2) == posted[1:3]
    assert client.get(path, {"max_id": "abc"}).status_code == 422
    assert client.get(path, {"limit": 0}).status_code == 422


def test_the_list_timeline_shows_only_what_the_reader_may_see() -> None:
    owner, client, made, (alice, bob, carol) = setting_up("alice", "bob", "carol")
    lists.add_members(owner, made.pk, [alice.pk, bob.pk, carol.pk])
    by_alice, by_bob, by_carol = post(alice, "public"), post(bob, "private", visibility="private"), post(carol, "c")
    expected = [by_carol.pk, by_bob.pk, by_alice.pk]
    path = f"/api/v1/timelines/list/{made.pk}"
    assert soon(lambda: timeline(client, path), expected) == expected
    graph.mute(owner, alice)
    User.objects.filter(pk=carol.pk).update(suspended_at=timezone.now())
    assert timeline(client, path) == [by_bob.pk]
    graph.block(bob, owner)  # ends the follow, and bob's membership
    assert timeline(client, path) == []


def test_a_follows_backfill_run_after_an_exclusive_listing_leaves_the_home_feed_alone() -> None:
    owner, _, made, (alice,) = setting_up("alice", exclusive=True)
    lists.add_members(owner, made.pk, [alice.pk])
    by_alice = post(alice, "list only")
    assert soon(lambda: stored(made), [by_alice.pk]) == [by_alice.pk]
    assert fanout.backfill_follow(owner.pk, alice.pk) == 0
    assert feeds.default.page(owner.pk, CursorWindow(limit=40)) == []
