"""Filters on the home timeline: a hide filter of the home context leaves matching posts out, a warn filter
annotates them, and a page of hidden posts still links to the next one (through the whole feed
path on full)."""

from __future__ import annotations

import pytest

from photogram.accounts.services import graph
from photogram.filters.services import filters
from photogram.filters.services.filters import KeywordChange
from tests.posts.helpers import post
from tests.support.api import as_user, make_user
from tests.support.eventually import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("feed_stack")]


def test_home_hides_and_warns_by_the_readers_filters() -> None:
    reader, author = make_user("reader", with_password=False), make_user("author", with_password=False)
    graph.follow(reader, author)
    client = as_user(reader)
    posted = [post(author, caption).pk for caption in ("Match day!", "Quiet walk", "Election night", "Coffee")]
    everything = [str(status_id) for status_id in reversed(posted)]

    def home() -> list[str]:
        return [status["id"] for status in client.get("/api/v1/timelines/home").json()]

    assert soon(home, everything) == everything
    filters.create(reader, title="Sport", contexts=["home"], action="hide", keywords=[KeywordChange("match")])
    filters.create(reader, title="Politics", contexts=["public"], action="hide", keywords=[KeywordChange("election")])
    warned = filters.create(reader, title="Caffeine", contexts=["home"], keywords=[KeywordChange("coffee")])
    answer = client.get("/api/v1/timelines/home").json()
    assert [status["id"] for status in answer] == [everything[0], everything[1], everything[2]]
    results = {status["id"]: [r["filter"]["title"] for r in status["filtered"]] for status in answer}
    # The public hide filter only annotates on home; the warn filter annotates.
    assert results == {everything[0]: ["Caffeine"], everything[1]: ["Politics"], everything[2]: []}
    assert answer[0]["filtered"][0]["filter"]["id"] == str(warned.pk)

    # A page whose posts are all hidden is empty, and still links past them.
    filters.create(reader, title="Walks", contexts=["home"], action="hide", keywords=[KeywordChange("walk")])
    response = client.get("/api/v1/timelines/home", {"limit": 2, "max_id": everything[1]})
    assert response.json() == []
    assert f"max_id={everything[3]}" in response["Link"]
