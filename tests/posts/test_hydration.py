"""Batch hydration: a constant number of queries whatever the number of posts, order kept, hidden ones left out."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.services import graph
from photogram.api.serializers.statuses import hydrate
from photogram.filters.services import filters
from photogram.filters.services.filters import KeywordChange
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
    # The page's facts and its authors, the posts' rows and three prefetches, and (the store being cold) one
    # query each for the counts of posts and of accounts.
    with django_assert_max_num_queries(8):
        hydrated = hydrate(ids, viewer)
    assert [item["id"] for item in hydrated] == [str(pk) for pk in ids]
    assert all(len(item["media_attachments"]) == 2 for item in hydrated)
    assert all(len(item["mentions"]) == 2 and len(item["tags"]) == 2 for item in hydrated)


@pytest.mark.parametrize("count", [1, 20, 40])
def test_filters_cost_one_query_whatever_their_number_and_the_pages(
    count: int, django_assert_max_num_queries: Any
) -> None:
    viewer = make_user("viewer", with_password=False)
    author = make_user("author", with_password=False)
    ids = [post(author, f"#day{n} {'spoiler' if n % 2 else 'calm'} photo").pk for n in range(count)]
    ids.reverse()
    for number in range(10):
        everywhere = filters.create(
            viewer,
            title=f"filter {number}",
            contexts=["home", "public", "thread", "account"],
            action="hide" if number == 9 else "warn",
            keywords=[KeywordChange(f"word{number}x{k}") for k in range(20)] + [KeywordChange("spoiler")],
        )
        filters.add_status(viewer, everywhere.pk, ids[0])
    # As above, and one query reading every filter, keyword and filtered post at once.
    with django_assert_max_num_queries(9):
        hydrated = hydrate(ids, viewer)
    assert [item["id"] for item in hydrated] == [str(pk) for pk in ids]
    spoilers = [item for item in hydrated if "spoiler" in item["content"]]
    assert all(len(item["filtered"]) == 10 for item in spoilers)
    assert hydrated[0]["filtered"][0]["status_matches"] == [str(ids[0])]
    with django_assert_max_num_queries(9):
        hidden = hydrate(ids, viewer, context="public")
    assert len(hidden) == count - len(spoilers) - (0 if "spoiler" in hydrated[0]["content"] else 1)


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
