"""Exact counts under concurrency, after a counter-store flush, and after a repair."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.core.counters import counters
from photogram.core.counters.tracked import counts_of, key_of
from photogram.posts.models import Favourite, Status
from photogram.posts.services import interactions
from tests.posts.helpers import post
from tests.support.api import as_user, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(jobs: list[Callable[[], object]]) -> None:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_concurrent_likes_and_unlikes_leave_exact_counts() -> None:
    author = make_user("author", with_password=False)
    fans = [make_user(f"fan{n}", with_password=False) for n in range(12)]
    status = post(author)
    # Every fan likes; the even ones then unlike, all at once, twice over, with repeats (idempotent).
    jobs: list[Callable[[], object]] = []
    for fan in fans:
        jobs += [partial(interactions.favourite, fan, status.pk)] * 2
    _in_threads(jobs)
    jobs = []
    for fan in fans[::2]:
        jobs += [partial(interactions.unfavourite, fan, status.pk)] * 2
    for fan in fans[1::2]:
        jobs.append(partial(interactions.favourite, fan, status.pk))
    _in_threads(jobs)

    likes = Favourite.objects.filter(status=status).count()
    assert likes == 6
    assert Status.objects.get(pk=status.pk).favourites_count == likes
    stored = counters.default.get_many([key_of(Status, status.pk)])
    assert stored[key_of(Status, status.pk)].counts["favourites_count"] == likes
    assert as_user(fans[1]).get(f"/api/v1/statuses/{status.pk}").json()["favourites_count"] == likes


def test_concurrent_follows_both_ways_leave_exact_counts() -> None:
    people = [make_user(f"person{n}", with_password=False) for n in range(6)]
    _in_threads([partial(graph.follow, a, b) for a in people for b in people if a != b])
    counts = counts_of(User, [person.pk for person in people])
    for person in people:
        row = User.objects.get(pk=person.pk)
        assert (row.followers_count, row.following_count) == (5, 5)
        assert counts[person.pk]["followers_count"] == counts[person.pk]["following_count"] == 5


def test_a_flushed_store_refills_from_the_database() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    interactions.favourite(fan, status.pk)
    interactions.bookmark(fan, status.pk)
    counters.default.forget_all()
    assert counters.default.get_many([key_of(Status, status.pk)]) == {}
    body = as_user(author).get(f"/api/v1/statuses/{status.pk}").json()
    assert (body["favourites_count"], body["saves_count"], body["account"]["statuses_count"]) == (1, 1, 1)
    # The read put the counts back.
    assert counters.default.get_many([key_of(Status, status.pk)])[key_of(Status, status.pk)].counts == {
        "replies_count": 0,
        "favourites_count": 1,
        "saves_count": 1,
    }


def test_repair_recomputes_counts_and_the_store_follows() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    graph.follow(fan, author)
    status = post(author)
    interactions.favourite(fan, status.pk)
    as_user(author).get(f"/api/v1/statuses/{status.pk}")  # the store now holds the right counts
    # Corruption behind the counters' back: the columns drift, the store still has the old snapshot.
    Status.objects.filter(pk=status.pk).update(favourites_count=40, replies_count=3)
    User.objects.filter(pk=author.pk).update(followers_count=0, statuses_count=9)
    report = io.StringIO()
    call_command("repair_counts", stdout=report)
    assert "1 corrected" in report.getvalue()
    repaired = Status.objects.get(pk=status.pk)
    assert (repaired.favourites_count, repaired.replies_count) == (1, 0)
    account = User.objects.get(pk=author.pk)
    assert (account.followers_count, account.statuses_count) == (1, 1)
    body = as_user(fan).get(f"/api/v1/statuses/{status.pk}").json()
    assert (body["favourites_count"], body["account"]["followers_count"]) == (1, 1)


def test_counts_are_served_from_the_database_while_the_counter_store_is_down(settings: Any) -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    # Nothing listens on port 1: every store call fails at once, as when Redis is down.
    settings.COUNTERS = {
        "default": {
            "BACKEND": "photogram.core.counters.redis.RedisCounterStore",
            "OPTIONS": {"url": "redis://127.0.0.1:1/0"},
        }
    }
    client = as_user(fan)
    assert client.post(f"/api/v1/statuses/{status.pk}/favourite").json()["favourites_count"] == 1
    body = client.get(f"/api/v1/statuses/{status.pk}").json()
    assert (body["favourites_count"], body["account"]["statuses_count"]) == (1, 1)
    assert Status.objects.get(pk=status.pk).favourites_count == 1
