"""Real clients on the streaming API, beside the REST API on one port as `make run` serves them on embedded:
Mastodon.py's `stream_user` (server-sent events) and masto.js's streaming client (WebSocket) get the
`update` of a followed account's post, and the `notification` of a like (made by the notification task on
the worker, through the broker), within a second."""

from __future__ import annotations

import asyncio
import json
import queue
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from asgiref.wsgi import WsgiToAsgi
from django.core.wsgi import get_wsgi_application
from django.db import connections
from mastodon import Mastodon, StreamListener

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.streaming.app import StreamingApp
from photogram.streaming.services import channels
from photogram.streaming.services.broker import brokers
from tests.conftest import REPO_ROOT
from tests.posts.helpers import media
from tests.support.api import make_token, make_user
from tests.support.eventually import soon
from tests.support.streaming import serving

MASTO_JS = REPO_ROOT / "tests" / "clients" / "masto"
# The promise clients are made: a followed account's post shows on an open stream within a second.
WITHIN = 1.0


@pytest.fixture
def server(
    transactional_db: None, celery_worker_process: None, outbox_relay_process: object, settings: Any
) -> Iterator[str]:
    """The REST and streaming APIs served on one port (the REST API through asgiref, as photogram/asgi.py does)."""
    app = StreamingApp(fallback=WsgiToAsgi(get_wsgi_application()))  # type: ignore[no-untyped-call]
    with serving(app) as url:
        settings.PUBLIC_URL = url
        settings.STREAMING_URL = "ws" + url.removeprefix("http")
        # Clients that close notice at the next write: a quick heartbeat ends each test's streams quickly.
        settings.STREAMING_LIMITS = {**settings.STREAMING_LIMITS, "heartbeat": 0.5}
        yield url
    # The REST API ran in asgiref's one thread for synchronous code: close the connection it left there.
    asyncio.run(sync_to_async(connections.close_all, thread_sensitive=True)())


@pytest.fixture
def pair() -> tuple[User, User]:
    author, reader = make_user("author", with_password=False), make_user("reader", with_password=False)
    graph.follow(reader, author)
    return author, reader


def client(server: str, user: User) -> Any:
    return Mastodon(access_token=make_token(user), api_base_url=server, version_check_mode="none")


def open_channels() -> list[str]:
    return [channel for hub in brokers.default.hubs() for channel in hub.channels]


def test_mastodon_py_stream_user_gets_a_followed_accounts_post_within_a_second(
    server: str, pair: tuple[User, User]
) -> None:
    author, reader = pair
    received: queue.Queue[tuple[float, Any]] = queue.Queue()

    class Listener(StreamListener):
        def on_update(self, status: Any) -> None:
            received.put((time.monotonic(), status))

    handle = client(server, reader).stream_user(Listener(), run_async=True)
    try:
        assert soon(handle.is_receiving, True)
        photo = media(author).pk
        status = client(server, author).status_post("hello, stream", media_ids=[photo])
        posted = time.monotonic()
        arrived, streamed = received.get(timeout=10)
    finally:
        handle.close()
    assert streamed.id == status.id
    assert str(streamed.account.id) == str(author.pk)
    assert arrived - posted < WITHIN


def test_mastodon_py_stream_user_gets_the_notification_of_a_like_within_a_second(
    server: str, pair: tuple[User, User]
) -> None:
    author, reader = pair
    status = client(server, author).status_post("like me", media_ids=[media(author).pk])
    received: queue.Queue[tuple[float, Any]] = queue.Queue()

    class Listener(StreamListener):
        def on_notification(self, notification: Any) -> None:
            received.put((time.monotonic(), notification))

    handle = client(server, author).stream_user(Listener(), run_async=True)
    try:
        assert soon(handle.is_receiving, True)
        client(server, reader).status_favourite(status.id)
        liked = time.monotonic()
        arrived, streamed = received.get(timeout=10)
    finally:
        handle.close()
    assert (streamed.type, str(streamed.account.id), streamed.status.id) == ("favourite", str(reader.pk), status.id)
    assert arrived - liked < WITHIN
    # What the stream carried is what the REST API lists first (after the reader's follow).
    listed = client(server, author).notifications()
    assert [(item.id, item.type) for item in listed] == [(streamed.id, "favourite"), (listed[1].id, "follow")]


def masto_js_first(server: str, user: User, event: str, act: Callable[[], float]) -> tuple[dict[str, Any], float]:
    """Run stream.mjs on `user`'s `user` stream, do `act` (which returns when it acted) once the stream is
    on, and return the first `event` masto.js printed with the seconds it took to arrive."""
    node = shutil.which("node")
    if node is None or not (MASTO_JS / "node_modules" / "masto").is_dir():
        pytest.fail("masto.js is not installed: run `make install` (npm ci --prefix tests/clients/masto)")
    marker = f"ready{uuid.uuid4().hex[:8]}"
    script = subprocess.Popen(
        [
            node,
            "--experimental-websocket",
            "--no-warnings",
            str(MASTO_JS / "stream.mjs"),
            "ws" + server.removeprefix("http"),
            make_token(user),
            marker,
            event,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Subscribe messages are carried out in order: once the marker's is, `user` is on.
        assert soon(lambda: channels.hashtag(marker) in open_channels(), True)
        acted = act()
        line = script.stdout.readline() if script.stdout else ""
        arrived = time.monotonic()
        script.wait(timeout=10)
    finally:
        if script.poll() is None:
            script.kill()
            script.wait()
        for pipe in (script.stdout, script.stderr):
            if pipe is not None:
                pipe.close()
    assert line, script.stderr.read() if script.stderr else ""
    seen: dict[str, Any] = json.loads(line)
    return seen, arrived - acted


def test_masto_js_streaming_client_gets_a_followed_accounts_post_within_a_second(
    server: str, pair: tuple[User, User]
) -> None:
    author, reader = pair
    posted: list[str] = []

    def post() -> float:
        posted.append(client(server, author).status_post("hello, masto.js", media_ids=[media(author).pk]).id)
        return time.monotonic()

    seen, took = masto_js_first(server, reader, "update", post)
    assert seen == {"id": str(posted[0]), "stream": ["user"]}
    assert took < WITHIN


def test_masto_js_streaming_client_gets_the_notification_of_a_like_within_a_second(
    server: str, pair: tuple[User, User]
) -> None:
    author, reader = pair
    status = client(server, author).status_post("like me", media_ids=[media(author).pk])

    def like() -> float:
        client(server, reader).status_favourite(status.id)
        return time.monotonic()

    seen, took = masto_js_first(server, author, "notification", like)
    assert {key: seen[key] for key in ("stream", "type", "status")} == {
        "stream": ["user"],
        "type": "favourite",
        "status": str(status.id),
    }
    assert took < WITHIN
