"""Mastodon's streaming protocol, served for real: SSE and WebSocket, tokens and scopes, bad input, limits."""

from __future__ import annotations

import json
import socket
import time
from typing import Any

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from photogram.accounts.models import User
from photogram.streaming.services import channels, publish
from photogram.streaming.services.broker import brokers
from tests.support.api import make_token, make_user
from tests.support.eventually import soon
from tests.support.streaming import sse, ws_url


def recv_json(ws: Any, timeout: float = 5.0) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(ws.recv(timeout=timeout))
    return message


def subscribe(ws: Any, stream: str, **params: str) -> None:
    ws.send(json.dumps({"type": "subscribe", "stream": stream, **params}))


def synced(ws: Any) -> None:
    """Return once the server has carried out every message sent before: it answers them in order."""
    ws.send(json.dumps({"type": "ping"}))
    assert recv_json(ws) == {"error": "Unknown message type", "status": 400}


def open_channels() -> list[str]:
    return [channel for hub in brokers.default.hubs() for channel in hub.channels]


@pytest.fixture
def alice() -> User:
    return make_user("alice", with_password=False)


def test_health_answers_ok(streaming_url: str) -> None:
    answer = requests.get(f"{streaming_url}/api/v1/streaming/health", timeout=5)
    assert (answer.status_code, answer.text) == (200, "OK")


def test_sse_user_stream_carries_events_as_mastodon_writes_them(streaming_url: str, alice: User) -> None:
    with sse(streaming_url, "/api/v1/streaming/user", make_token(alice, "read")) as stream:
        publish.to_user(alice.pk, "notification", '{"id":"1","type":"follow"}')
        publish.filters_changed(alice.pk)
        first, second = stream.next(), stream.next()
    assert first is not None
    assert (first.event, json.loads(first.data)) == (
        "notification",
        {"id": "1", "type": "follow"},
    )
    assert second is not None
    assert (second.event, second.data) == ("filters_changed", "undefined")


def test_the_token_may_come_in_the_query_string(streaming_url: str, alice: User) -> None:
    token = make_token(alice, "read:notifications")
    with sse(streaming_url, f"/api/v1/streaming/user/notification?access_token={token}", None) as stream:
        publish.filters_changed(alice.pk)  # not a notification: user:notification leaves it out
        publish.to_user(alice.pk, "notification", '{"id":"2"}')
        event = stream.next()
    assert event is not None
    assert (event.event, event.data) == ("notification", '{"id":"2"}')


@pytest.mark.parametrize(
    ("path", "token_kind", "status"),
    [
        ("/api/v1/streaming/user", None, 401),
        ("/api/v1/streaming/user", "unknown", 401),
        ("/api/v1/streaming/user", "expired", 401),
        ("/api/v1/streaming/user", "write only", 401),
        ("/api/v1/streaming/user", "notifications only", 401),
        ("/api/v1/streaming/public", "app token", 401),
        ("/api/v1/streaming/hashtag", "read", 400),  # no tag
        ("/api/v1/streaming/list", "read", 400),  # no list
        ("/api/v1/streaming/list?list=12345", "read", 404),  # not the reader's
        ("/api/v1/streaming/nonsense", "read", 404),
    ],
)
def test_sse_refuses_bad_tokens_scopes_and_streams(
    streaming_url: str, alice: User, path: str, token_kind: str | None, status: int
) -> None:
    tokens = {
        None: None,
        "unknown": "not-a-token",
        "expired": make_token(alice, "read", expires_in=-10),
        "write only": make_token(alice, "write"),
        "notifications only": make_token(alice, "read:notifications"),
        "app token": make_token(None, "read"),
        "read": make_token(alice, "read"),
    }
    token = tokens[token_kind]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = requests.get(f"{streaming_url}{path}", headers=headers, timeout=5)
    assert answer.status_code == status
    assert "error" in answer.json()


def test_sse_sends_a_heartbeat_on_a_quiet_stream(streaming_url: str, alice: User, settings: Any) -> None:
    settings.STREAMING_LIMITS = {**settings.STREAMING_LIMITS, "heartbeat": 0.1}
    with sse(streaming_url, "/api/v1/streaming/public", make_token(alice, "read:statuses")) as stream:
        assert soon(lambda: stream.comments.count("thump") >= 2, True, timeout=5)


def test_one_websocket_carries_several_streams_each_event_naming_its_stream(streaming_url: str, alice: User) -> None:
    token = make_token(alice, "read")
    with connect(f"{ws_url(streaming_url)}?access_token={token}") as ws:
        subscribe(ws, "user")
        subscribe(ws, "user:notification")
        subscribe(ws, "hashtag", tag="Cats")
        synced(ws)
        publish.to_user(alice.pk, "notification", '{"id":"3"}')
        publish._send([channels.hashtag("cats")], {"event": "delete", "payload": "77"})
        received = [recv_json(ws) for _ in range(3)]
        ws.send(json.dumps({"type": "unsubscribe", "stream": "hashtag", "tag": "cats"}))
        synced(ws)
        assert channels.hashtag("cats") not in open_channels()
        publish._send([channels.hashtag("cats")], {"event": "delete", "payload": "78"})
        publish.filters_changed(alice.pk)
        last = recv_json(ws)
    assert sorted(received, key=lambda message: message["stream"]) == [
        {"stream": ["hashtag", "Cats"], "event": "delete", "payload": "77"},
        {"stream": ["user"], "event": "notification", "payload": '{"id":"3"}'},
        {"stream": ["user:notification"], "event": "notification", "payload": '{"id":"3"}'},
    ]
    assert last == {"stream": ["user"], "event": "filters_changed"}


def test_the_websocket_token_may_come_in_the_protocol_header_or_the_authorization_header(
    streaming_url: str, alice: User
) -> None:
    token = make_token(alice, "read")
    with connect(f"{ws_url(streaming_url)}?stream=user", subprotocols=[token]) as ws:  # type: ignore[list-item]
        assert ws.subprotocol == token
        soon(lambda: channels.user(alice.pk) in open_channels(), True)
        publish.filters_changed(alice.pk)
        assert recv_json(ws)["event"] == "filters_changed"
    with connect(f"{ws_url(streaming_url)}?stream=user", additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        publish.filters_changed(alice.pk)
        assert recv_json(ws)["event"] == "filters_changed"


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_a_websocket_with_a_bad_token_is_refused_at_the_handshake(streaming_url: str, token: str | None) -> None:
    query = f"?access_token={token}" if token else ""
    with pytest.raises(InvalidStatus) as refused, connect(f"{ws_url(streaming_url)}{query}"):
        pass
    assert refused.value.response.status_code == 401


def test_bad_websocket_messages_get_an_error_and_the_socket_stays_open(streaming_url: str, alice: User) -> None:
    with connect(f"{ws_url(streaming_url)}?access_token={make_token(alice, 'read')}") as ws:
        for message in [
            "not json",
            json.dumps({"type": "dance"}),
            json.dumps({"type": "subscribe", "stream": "nonsense"}),
            json.dumps({"type": "subscribe", "stream": "hashtag"}),
            json.dumps({"type": "subscribe", "stream": "list", "list": "999"}),
            json.dumps({"type": "subscribe", "stream": ["user"]}),
            "x" * 10_000,
        ]:
            ws.send(message)
            error = recv_json(ws)
            assert set(error) == {"error", "status"}
            assert error["status"] in (400, 404)
        subscribe(ws, "user")
        synced(ws)
        publish.filters_changed(alice.pk)
        assert recv_json(ws)["event"] == "filters_changed"


def test_thousands_of_subscriptions_are_bounded_per_socket(streaming_url: str, alice: User, settings: Any) -> None:
    limit = settings.STREAMING_LIMITS["max_subscriptions"]
    with connect(f"{ws_url(streaming_url)}?access_token={make_token(alice, 'read')}") as ws:
        for number in range(2000):
            subscribe(ws, "hashtag", tag=f"tag{number}")
        errors = [recv_json(ws) for _ in range(2000 - limit)]
        assert {error["status"] for error in errors} == {429}
        assert len([channel for channel in open_channels() if channel.startswith("hashtag:")]) == limit
    no_channels: list[str] = []
    assert soon(open_channels, no_channels) == []


def test_a_revoked_token_closes_its_open_streams(streaming_url: str, alice: User) -> None:
    from oauth2_provider.models import AccessToken

    token = make_token(alice, "read")
    with (
        sse(streaming_url, "/api/v1/streaming/user", token) as stream,
        connect(f"{ws_url(streaming_url)}?stream=user&access_token={token}") as ws,
    ):
        soon(lambda: open_channels().count(channels.user(alice.pk)), 1)
        AccessToken.objects.get(token=token).revoke()
        assert stream.next() is None  # the response ended
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=5)


def test_a_stream_closes_at_the_first_heartbeat_after_its_token_expires(
    streaming_url: str, alice: User, settings: Any
) -> None:
    settings.STREAMING_LIMITS = {**settings.STREAMING_LIMITS, "heartbeat": 0.1}
    with sse(streaming_url, "/api/v1/streaming/user", make_token(alice, "read", expires_in=1)) as stream:
        started = time.monotonic()
        assert stream.next(timeout=5) is None
        assert time.monotonic() - started < 3


def test_a_reader_that_never_reads_is_disconnected_and_its_buffer_stays_bounded(
    streaming_url: str, alice: User, settings: Any
) -> None:
    settings.STREAMING_LIMITS = {**settings.STREAMING_LIMITS, "buffer_events": 8, "send_timeout": 1.0}
    host, port = streaming_url.removeprefix("http://").split(":")
    token = make_token(alice, "read")
    with socket.create_connection((host, int(port))) as raw:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.sendall(
            f"GET /api/v1/streaming/user HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        )
        assert soon(lambda: channels.user(alice.pk) in open_channels(), True)
        big = "x" * 64_000
        deadline = time.monotonic() + 20
        while channels.user(alice.pk) in open_channels() and time.monotonic() < deadline:
            publish.to_user(alice.pk, "notification", json.dumps({"id": "1", "filler": big}))
            time.sleep(0.01)
        # The server let go of the reader rather than keep its backlog: no subscription is left.
        assert channels.user(alice.pk) not in open_channels()
