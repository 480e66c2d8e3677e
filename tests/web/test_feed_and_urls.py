"""The home feed page through the real feed path (outbox, workers and feed service on full), and every URL the
API puts in an entity opening a page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from photogram.posts.services import publishing
from tests.support.api import ApiClient, as_user
from tests.support.eventually import soon
from tests.web.community import Community, build, client_for, page_of, post, text_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("feed_stack")]

HTMX = {"HX-Request": "true"}


@pytest.fixture
def town() -> Community:
    return build()


def _feed_ids(client: Any, query: str = "") -> list[str]:
    page = text_of(client.get(f"/{query}"))
    return re.findall(r'<article class="post card" aria-labelledby="caption-(\d+)"', page)


def test_the_home_feed_pages_with_links_that_work_with_and_without_htmx(town: Community) -> None:
    made = [str(post(town.alice, f"Harbour number {index}").pk) for index in range(10)]
    expected = sorted([*made, str(town.carousel.pk), str(town.sunset.pk)], reverse=True)
    bob = client_for(town.bob)
    first = soon(lambda: _feed_ids(bob), expected[:10])
    assert first == expected[:10]
    page = text_of(bob.get("/"))
    link = re.search(r'<a id="more" class="more button" href="\?(max_id=\d+)" hx-get="\?max_id=\d+"', page)
    assert link, "a next-page link, a plain link too"
    assert 'hx-trigger="click, revealed"' in page
    assert _feed_ids(bob, f"?{link.group(1)}") == expected[10:]
    part = text_of(bob.get(f"/?{link.group(1)}", headers=HTMX))
    assert "<html" not in part
    assert re.findall(r'aria-labelledby="caption-(\d+)"', part) == expected[10:]
    assert '<span id="more" hx-swap-oob="true"></span>' in part, "the last page takes the link away"


def test_an_empty_feed_says_how_to_fill_it(town: Community) -> None:
    assert "Your feed is empty" in text_of(client_for(town.eve).get("/"))


def test_the_home_feed_shows_only_what_the_reader_may_see(town: Community) -> None:
    dave = client_for(town.dave)
    soon(lambda: _feed_ids(dave), [str(town.carols_public.pk), str(town.secret.pk)])
    assert _feed_ids(dave) == [str(town.carols_public.pk), str(town.secret.pk)]
    assert _feed_ids(client_for(town.frank)) == [], "a pending request is not a follow"
    publishing.delete(town.carol, town.secret)
    assert soon(lambda: _feed_ids(dave), [str(town.carols_public.pk)]) == [str(town.carols_public.pk)]


def _urls_in(entity: Any) -> Iterator[str]:
    """Yield every `url` in an entity and the entities it holds."""
    if isinstance(entity, dict):
        for key, value in entity.items():
            if key == "url" and isinstance(value, str) and "/media/" not in value and "/static/" not in value:
                yield value
            else:
                yield from _urls_in(value)
    elif isinstance(entity, list):
        for item in entity:
            yield from _urls_in(item)


def test_every_url_the_api_gives_opens_a_page(town: Community) -> None:
    comment = publishing.publish(town.bob, "Hello @alice, see #harbour", [], in_reply_to_id=town.sunset.pk)
    api = as_user(town.bob)
    soon(lambda: len(api.get("/api/v1/timelines/home").json()), 2)
    answers = [
        api.get("/api/v1/timelines/home").json(),
        api.get(f"/api/v1/accounts/{town.alice.pk}/statuses").json(),
        api.get(f"/api/v1/statuses/{town.sunset.pk}/context").json(),
        api.get(f"/api/v1/statuses/{comment.pk}").json(),
        api.get("/api/v2/search", {"q": "harbour"}).json(),
        api.get("/api/v2/search", {"q": "alice"}).json(),
        api.get(f"/api/v1/accounts/{town.alice.pk}/followers").json(),
        api.get("/api/v1/tags/harbour").json(),
        ApiClient(None).get("/api/v1/timelines/public").json(),
    ]
    urls = {url for answer in answers for url in _urls_in(answer)}
    kinds = {re.sub(r"/\d+$", "/<id>", re.sub(r"/@\w+", "/@<name>", urlsplit(url).path)) for url in urls}
    assert kinds >= {"/@<name>", "/@<name>/<id>", "/tags/harbour"}, kinds
    assert f"/@bob/{comment.pk}" in {urlsplit(url).path for url in urls}, "a comment's URL is walked too"
    browser = client_for(town.bob)
    for url in urls:
        response = browser.get(urlsplit(url).path, follow=True)
        assert response.status_code == 200, url
    assert client_for(None).get(page_of(town.sunset)).status_code == 200


def test_notifications_list_what_happened_and_nothing_from_blocked_accounts(town: Community) -> None:
    from photogram.accounts.services import graph
    from photogram.posts.services import interactions

    graph.follow(town.frank, town.alice)
    interactions.favourite(town.frank, town.sunset.pk)
    alice = client_for(town.alice)

    def sentences() -> list[str]:
        return re.findall(r"frank</a> (followed you|liked your post)\.", text_of(alice.get("/notifications")))

    assert soon(sentences, ["liked your post", "followed you"]) == ["liked your post", "followed you"]
    page = text_of(alice.get("/notifications"))
    assert page_of(town.sunset) in page, "a notification about a post links to it"
    graph.block(town.alice, town.frank)
    assert sentences() == [], "a blocked account's notifications are not shown"
