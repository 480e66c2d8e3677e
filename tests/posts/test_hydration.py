"""Batch hydration: a constant number of queries whatever the number of posts, order kept, hidden ones left out."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.services import graph
from photogram.api.serializers.statuses import hydrate
from tests.posts.helpers import post
from tests.support.api import make_user
from tests.support.counters import RoundTripCountingStore

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 20, 40])
def test_hydration_takes_a_constant_number_of_queries(count: int, django_assert_max_num_queries: Any) -> None:
    viewer = make_user("viewer", with_password=False)
    authors = [make_user(f"author{n}", with_password=False) for n in range(3)]
    for author in authors:
        graph.follow(viewer, author)
    ids = [
        post(
            authors[n % 3], f"#day{n} #photo with @viewer and @author{(n + 1) % 3}", photos=2, visibility=visibility
        ).pk
        for n, visibility in zip(range(count), ["public", "private", "unlisted"] * count, strict=False)
    ]
    ids.reverse()
    # Rows with authors, three prefetches, the viewer's likes and saves, pins, and (the store being cold)
    # one query each for the counts of posts and of accounts.
    with django_assert_max_num_queries(8):
        hydrated = hydrate(ids, viewer)
    assert [item["id"] for item in hydrated] == [str(pk) for pk in ids]
    assert all(len(item["media_attachments"]) == 2 for item in hydrated)
    assert all(len(item["mentions"]) == 2 and len(item["tags"]) == 2 for item in hydrated)


def test_hydration_keeps_the_order_given_and_drops_what_the_viewer_may_not_see() -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    first, hidden, last = post(author), post(author, visibility="private"), post(author)
    hydrated = hydrate([first.pk, hidden.pk, 12345, last.pk], viewer)
    assert [item["id"] for item in hydrated] == [str(first.pk), str(last.pk)]
    assert [item["id"] for item in hydrate([last.pk, first.pk], None)] == [str(last.pk), str(first.pk)]
    assert hydrate([], viewer) == []


@pytest.mark.parametrize("count", [1, 20, 40])
def test_hydration_reads_the_counter_store_once(count: int, settings: Any) -> None:
    settings.COUNTERS = {"default": {"BACKEND": "tests.support.counters.RoundTripCountingStore"}}
    RoundTripCountingStore.reads = 0
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    ids = [post(author).pk for _ in range(count)]
    hydrated = hydrate(ids, viewer)
    assert RoundTripCountingStore.reads == 1
    assert {item["account"]["statuses_count"] for item in hydrated} == {count}
