"""Trends: hashtags by how many accounts used them lately, posts by how many people took them up; only what
everybody may see ever trends, and each answer is filtered for its viewer."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation
from photogram.celery import app
from photogram.core.tasks import enqueue_on_commit
from photogram.discovery import tasks
from photogram.discovery.services import trends
from photogram.posts.models import Status
from photogram.posts.services import interactions, publishing
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user
from tests.support.eventually import soon

pytestmark = pytest.mark.django_db


def _names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [tag["name"] for tag in response.json()]


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [int(status["id"]) for status in response.json()]


def _people(*names: str, **fields: Any) -> list[User]:
    return [make_user(name, with_password=False, **fields) for name in names]


def _liked_by(status: Status, *people: User) -> Status:
    for person in people:
        interactions.favourite(person, status.pk)
    return status


def test_hashtags_trend_by_how_many_public_accounts_used_them() -> None:
    ann, ben, cat = _people("ann", "ben", "cat")
    lou, liv = _people("lou", "liv", locked=True)
    sam, sid = _people("sam", "sid")
    for author in (ann, ben, cat):
        post(author, "#rain")
    for author in (ann, ben):
        post(author, "#sunset")
        post(author, "#hidden", visibility="private")
        post(author, "#quiet", visibility="unlisted")
    for _ in range(4):
        post(ann, "#solo")  # one account, however often, is no trend
    for author in (lou, liv):
        post(author, "#secret")  # locked accounts' public posts: nobody is shown them unasked
    for author in (sam, sid):
        post(author, "#banned")
    moderation.suspend(User.objects.filter(pk__in=[sam.pk, sid.pk]))
    old = [post(author, "#lastweek") for author in (ann, ben)]
    Status.objects.filter(pk__in=[status.pk for status in old]).update(
        created_at=timezone.now() - trends.TAG_WINDOW - timedelta(hours=1)
    )
    comment_on = post(cat, "a photo")
    for author in (ann, ben):
        publishing.publish(author, "#incomments", [], in_reply_to_id=comment_on.pk)

    anonymous = ApiClient(None)
    assert _names(anonymous.get("/api/v1/trends/tags")) == ["rain", "sunset"]
    assert _names(anonymous.get("/api/v1/trends")) == ["rain", "sunset"]  # the old name
    rain = anonymous.get("/api/v1/trends/tags").json()[0]
    assert (rain["history"][0]["uses"], rain["history"][0]["accounts"], rain["following"]) == ("3", "3", False)
    first = anonymous.get("/api/v1/trends/tags", {"limit": 1})
    assert _names(first) == ["rain"]
    assert "offset=1" in first["Link"]
    assert 'rel="next"' in first["Link"]
    assert _names(anonymous.get("/api/v1/trends/tags", {"limit": 1, "offset": 1})) == ["sunset"]
    assert _names(anonymous.get("/api/v1/trends/tags", {"offset": 2})) == []
    assert anonymous.get("/api/v1/trends/tags", {"limit": 0}).status_code == 422
    assert anonymous.get("/api/v1/trends/tags", {"offset": -1}).status_code == 422
    assert as_user(ann).get("/api/v1/trends/tags").json()[0]["name"] == "rain"


def test_posts_trend_by_how_many_people_liked_or_commented_lately() -> None:
    ann, ben, cat, dan, eve = _people("ann", "ben", "cat", "dan", "eve")
    lou = make_user("lou", with_password=False, locked=True)
    fans = [ben, cat, dan, eve]
    most = _liked_by(post(ann, "most"), *fans)
    some = _liked_by(post(ann, "some"), ben, cat)
    talked = _liked_by(post(ben, "talked about"), ann)
    for author in (cat, dan):
        publishing.publish(author, "nice", [], in_reply_to_id=talked.pk)
    publishing.publish(ben, "my own comment counts for nothing", [], in_reply_to_id=talked.pk)
    _liked_by(post(ann, "only the author likes it"), ann)
    _liked_by(post(ann, "nobody's favourite"))
    _liked_by(post(lou, "a locked account's public post"), *fans)
    for fan in fans:
        graph.follow(fan, ann)
    _liked_by(post(ann, "for followers", visibility="private"), *fans)
    _liked_by(post(ann, "unlisted", visibility="unlisted"), *fans)
    comment = publishing.publish(cat, "a comment", [], in_reply_to_id=most.pk)
    _liked_by(comment, ann, ben, dan, eve)
    stale = _liked_by(post(ann, "last month"), *fans)
    Status.objects.filter(pk=stale.pk).update(created_at=timezone.now() - trends.POST_WINDOW - timedelta(days=1))

    expected = [most.pk, talked.pk, some.pk]  # 4 likers; 1 liker and 2 commenters; 2 likers
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == expected
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses", {"limit": 2, "offset": 1})) == expected[1:]


def test_trending_posts_are_filtered_for_each_viewer() -> None:
    ann, ben, cat, viewer = _people("ann", "ben", "cat", "viewer")
    fans = _people("f1", "f2", "f3")
    by_ann = _liked_by(post(ann, "by ann"), *fans)
    by_ben = _liked_by(post(ben, "by ben"), *fans[:2])
    by_cat = _liked_by(post(cat, "by cat"), *fans[:1])
    graph.block(viewer, ben)
    graph.mute(viewer, cat)
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == [by_ann.pk, by_ben.pk, by_cat.pk]
    assert _ids(as_user(viewer).get("/api/v1/trends/statuses")) == [by_ann.pk]
    graph.block(ann, viewer)  # blocked by the author: hidden too
    assert _ids(as_user(viewer).get("/api/v1/trends/statuses")) == []
    # The ranking is kept, but whatever changed since is applied at once.
    moderation.suspend(User.objects.filter(pk=ann.pk))
    User.objects.filter(pk=ben.pk).update(locked=True)
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == [by_cat.pk]


def test_trending_links_are_an_empty_list() -> None:
    response = ApiClient(None).get("/api/v1/trends/links")
    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker_process")
def test_the_periodic_task_ranks_again_and_readers_use_its_ranking() -> None:
    ann, ben = _people("ann", "ben")
    fans = _people("f1", "f2", "f3")
    first = _liked_by(post(ann, "first"), *fans[:2])
    second = _liked_by(post(ben, "second"), *fans[:1])
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == [first.pk, second.pk]  # ranked on demand
    _liked_by(second, *fans[1:])
    # Kept for CACHE_SECONDS: the new likes count from the next ranking on.
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == [first.pk, second.pk]

    # Through RabbitMQ and a real worker on the full profile (which writes the ranking to Redis); inline on embedded.
    enqueue_on_commit(tasks.refresh_trends)
    assert soon(lambda: cache.get(trends.CACHE_KEY, {}).get("statuses"), [second.pk, first.pk]) == [
        second.pk,
        first.pk,
    ]
    assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == [second.pk, first.pk]


def test_beat_runs_the_trends_task() -> None:
    entry: dict[str, Any] = settings.CELERY_BEAT_SCHEDULE["refresh-trends"]
    assert entry["task"] == tasks.refresh_trends.name
    assert entry["task"] in app.tasks  # registered under that name: what a worker will run
    assert entry["schedule"] < trends.CACHE_SECONDS  # the ranking is refreshed before it expires


# Port 1 on loopback: nothing listens there, so every connection is refused at once.
DEAD_REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_with_the_cache_down_trends_are_ranked_for_each_request(caplog: pytest.LogCaptureFixture) -> None:
    ann, fan = _people("ann", "fan")
    liked = _liked_by(post(ann, "liked"), fan)
    with override_settings(CACHES=DEAD_REDIS_CACHE):
        with caplog.at_level(logging.WARNING, logger="photogram.discovery.services.trends"):
            assert _ids(ApiClient(None).get("/api/v1/trends/statuses")) == [liked.pk]
        assert "cache unavailable" in caplog.text
        with pytest.raises(redis.exceptions.ConnectionError):
            tasks.refresh_trends()  # the periodic task fails where it can be seen
