"""The timelines API on bad input and failing backends: clear 4xx answers, and 503 from the feed endpoints
only when the feed service or its Cassandra is down, while the rest of the API keeps answering."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from photogram.accounts.models import User
from photogram.lists.services import lists
from photogram.posts.models import Status
from tests.posts.helpers import post
from tests.support.api import ApiClient, make_token, make_user
from tests.support.eventually import soon
from tests.support.feed_path import close_feed_service_client, point_feed_service_at, start_feed_service, stop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("feed_stack")]


def reader_client(username: str = "reader") -> tuple[User, ApiClient]:
    user = make_user(username, with_password=False)
    return user, ApiClient(make_token(user))


@pytest.mark.parametrize(
    "query",
    [
        {"max_id": "abc"},
        {"max_id": "-5"},
        {"since_id": "1e5"},
        {"min_id": str(2**64)},
        {"max_id": "12 OR 1=1"},
        {"limit": "0"},
        {"limit": "ten"},
        {"limit": "-3"},
    ],
)
def test_malformed_cursors_and_limits_are_refused_with_422(query: dict[str, str]) -> None:
    _, client = reader_client()
    for path in ("/api/v1/timelines/home", "/api/v1/timelines/public"):
        response = client.get(path, query)
        assert response.status_code == 422, (path, query)
        assert next(iter(query)) in response.json()["error"]


def test_limits_default_to_20_and_stop_at_40() -> None:
    _, client = reader_client()
    author = make_user("author", with_password=False)
    client.post(f"/api/v1/accounts/{author.pk}/follow")
    posted = [post(author, f"post {number}").pk for number in range(45)]
    newest = [str(status_id) for status_id in posted[::-1]]

    def home(**query: Any) -> list[str]:
        response = client.get("/api/v1/timelines/home", query)
        assert response.status_code == 200
        return [status["id"] for status in response.json()]

    assert soon(home, newest[:20]) == newest[:20]
    assert home(limit="1000") == newest[:40]
    response = client.get("/api/v1/timelines/home", {"limit": "2", "max_id": newest[0]})
    assert [status["id"] for status in response.json()] == newest[1:3]
    assert f"max_id={newest[2]}" in response["Link"]
    assert f"min_id={newest[1]}" in response["Link"]
    # A cursor from somewhere else is just an id: the page is the posts older than it, none here.
    assert home(max_id="1") == []
    public = client.get("/api/v1/timelines/public").json()
    assert [status["id"] for status in public] == newest[:20]


def test_anonymous_and_suspended_readers_get_401() -> None:
    assert ApiClient(None).get("/api/v1/timelines/home").status_code == 401
    reader, client = reader_client()
    User.objects.filter(pk=reader.pk).update(suspended_at=timezone.now())
    response = client.get("/api/v1/timelines/home")
    assert response.status_code == 401
    assert "disabled" in response.json()["error"]


def test_explore_shows_popular_posts_of_people_one_does_not_follow() -> None:
    reader, client = reader_client()
    followed, stranger = make_user("followed", with_password=False), make_user("stranger", with_password=False)
    client.post(f"/api/v1/accounts/{followed.pk}/follow")
    quiet = post(stranger, "quiet")
    loved = post(stranger, "loved")
    Status.objects.filter(pk=loved.pk).update(favourites_count=5)
    post(followed, "already in my feed")
    post(reader, "mine")
    response = client.get("/api/v1/timelines/explore", {"limit": "1"})
    assert [status["id"] for status in response.json()] == [str(loved.pk)]
    assert "offset=1" in response["Link"]
    assert [status["id"] for status in client.get("/api/v1/timelines/explore").json()] == [str(loved.pk), str(quiet.pk)]
    assert client.get("/api/v1/timelines/explore", {"offset": "-1"}).status_code == 422


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.full_only
def test_an_unreachable_feed_service_gives_503_and_the_rest_keeps_working(settings: Any) -> None:
    reader, client = reader_client()
    list_id = lists.create(reader, "Friends").pk
    close_feed_service_client()
    point_feed_service_at(settings, closed_port())
    for path in ("/api/v1/timelines/home", f"/api/v1/timelines/list/{list_id}"):
        response = client.get(path)
        assert response.status_code == 503
        assert "feed is unavailable" in response.json()["error"]
    assert client.get(f"/api/v1/lists/{list_id}").status_code == 200
    assert client.get("/api/v1/accounts/verify_credentials").status_code == 200
    assert client.get("/api/v1/timelines/public").status_code == 200


@pytest.mark.full_only
def test_a_cassandra_node_down_gives_503_on_feed_endpoints_only(settings: Any) -> None:
    _, client = reader_client()
    # A feed service whose Cassandra does not answer: it starts, and answers every read as unavailable.
    process, port = start_feed_service(env={"PHOTOGRAM_CASSANDRA_PORT": str(closed_port())})
    try:
        close_feed_service_client()
        point_feed_service_at(settings, port)
        response = client.get("/api/v1/timelines/home")
        assert response.status_code == 503
        assert "try again" in response.json()["error"]
        assert client.get("/api/v1/accounts/verify_credentials").status_code == 200
        assert client.get("/api/v1/timelines/public").status_code == 200
        close_feed_service_client()
    finally:
        stop(process)


def test_a_page_costs_the_same_queries_whatever_its_length() -> None:
    _, client = reader_client()
    authors = [make_user(f"author{number}", with_password=False) for number in range(4)]
    for author in authors:
        client.post(f"/api/v1/accounts/{author.pk}/follow")
    posted = [post(authors[number % 4], f"post {number}", photos=2).pk for number in range(24)]
    newest = [str(status_id) for status_id in posted[::-1]]

    def queries_for(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/timelines/home", {"limit": str(limit)})
        assert [status["id"] for status in response.json()] == newest[:limit]
        return len(captured.captured_queries)

    home = soon(lambda: [status["id"] for status in client.get("/api/v1/timelines/home").json()], newest[:20])
    assert home == newest[:20]
    assert queries_for(2) == queries_for(20)
