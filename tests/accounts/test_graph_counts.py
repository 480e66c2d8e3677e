"""Follower and following counts stay exactly the number of follow rows, whatever happens."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from photogram.accounts.models import Block, Follow, FollowRequest, Mute, User
from photogram.accounts.services import graph, profile
from tests.support.api import make_user


def _assert_counts_exact() -> None:
    for user in User.objects.all():
        assert user.followers_count == Follow.objects.filter(followee=user).count(), user.username
        assert user.following_count == Follow.objects.filter(follower=user).count(), user.username


@pytest.mark.django_db
def test_counts_follow_every_change() -> None:
    a, b, c = (make_user(name, with_password=False) for name in ("a", "b", "c"))
    graph.follow(a, b)
    graph.follow(c, b)
    graph.follow(b, a)
    _assert_counts_exact()
    graph.unfollow(a, b)
    graph.unfollow(a, b)
    _assert_counts_exact()
    graph.follow(a, b)
    graph.block(b, a)  # ends a->b and b->a
    _assert_counts_exact()
    assert not Follow.objects.filter(follower=a).exists()
    graph.unblock(b, a)
    b.locked = True
    b.save()  # a full save of an instance whose counts are stale must not write them back
    graph.follow(a, b)
    assert FollowRequest.objects.filter(requester=a, target=b).exists()
    _assert_counts_exact()
    graph.authorize_follow_request(b, a.id)
    _assert_counts_exact()
    assert b.__class__.objects.get(pk=b.pk).followers_count == 2


@pytest.mark.django_db
def test_deleting_an_account_removes_its_relationships_and_fixes_counts() -> None:
    leaving, friend, fan = (make_user(name, with_password=False) for name in ("leaving", "friend", "fan"))
    graph.follow(leaving, friend)
    graph.follow(fan, leaving)
    graph.mute(leaving, fan)
    graph.block(friend, fan)
    profile.delete_account(leaving)
    assert not User.objects.filter(username="leaving").exists()
    assert not Follow.objects.filter(follower_id=leaving.id).exists()
    assert not Mute.objects.exists()
    assert Block.objects.count() == 1
    _assert_counts_exact()


@pytest.mark.full_only
@pytest.mark.django_db(transaction=True)
def test_counts_are_exact_under_concurrent_follows_and_unfollows() -> None:
    star = make_user("star", with_password=False)
    fans = [make_user(f"fan{n}", with_password=False) for n in range(12)]
    errors: list[BaseException] = []

    def churn(fan: User, rounds: int) -> None:
        try:
            for round_number in range(rounds):
                graph.follow(fan, star)
                graph.follow(fan, star)
                if round_number % 2:
                    graph.unfollow(fan, star)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    # Every fan twice over, so the same follow is also raced by two threads at once.
    threads = [threading.Thread(target=churn, args=(fan, 5)) for fan in fans + fans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    _assert_counts_exact()
    assert User.objects.get(pk=star.pk).followers_count == Follow.objects.filter(followee=star).count() > 0
