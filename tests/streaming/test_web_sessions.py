"""A web page's stream: a WebSocket opened with the browser's session cookie, from our own pages only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.streaming.services import channels, publish
from tests.streaming.test_protocol import open_channels, recv_json
from tests.support.api import make_user
from tests.support.eventually import soon
from tests.support.streaming import ws_url


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cookie_of(client: Client) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def page_socket(streaming_url: str, client: Client, origin: str | None = None, stream: str = "") -> Any:
    """Open the streaming WebSocket as a page of `origin` (ours by default) signed in as `client` would."""
    query = f"?stream={stream}" if stream else ""
    headers = {"Cookie": cookie_of(client)}
    if origin != "":
        headers["Origin"] = origin or settings.PUBLIC_URL
    return connect(f"{ws_url(streaming_url)}{query}", additional_headers=headers)


@pytest.fixture
def alice() -> User:
    return make_user("alice", with_password=False)


def test_our_page_streams_its_person_s_notifications_with_the_session_cookie(streaming_url: str, alice: User) -> None:
    with page_socket(streaming_url, signed_in(alice), stream="user:notification") as ws:
        publish.to_user(alice.pk, "notification", '{"id":"7","type":"favourite"}')
        message = recv_json(ws)
    assert message == {
        "stream": ["user:notification"],
        "event": "notification",
        "payload": '{"id":"7","type":"favourite"}',
    }


@pytest.mark.parametrize("origin", ["https://evil.example", "null", ""])
def test_a_session_cookie_from_another_site_s_page_is_refused(streaming_url: str, alice: User, origin: str) -> None:
    with pytest.raises(InvalidStatus) as refused, page_socket(streaming_url, signed_in(alice), origin=origin):
        pass
    assert refused.value.response.status_code == 403
    assert b"this site's pages" in refused.value.response.body


def test_a_session_that_is_not_signed_in_is_refused(streaming_url: str, alice: User) -> None:
    client = signed_in(alice)
    cookie = cookie_of(client)
    client.logout()
    headers = {"Cookie": cookie, "Origin": settings.PUBLIC_URL}
    with pytest.raises(InvalidStatus) as refused, connect(ws_url(streaming_url), additional_headers=headers):
        pass
    assert refused.value.response.status_code == 401


def test_signing_out_closes_the_page_s_stream(streaming_url: str, alice: User) -> None:
    client = signed_in(alice)
    with page_socket(streaming_url, client, stream="user") as ws:
        soon(lambda: channels.user(alice.pk) in open_channels(), True)
        assert client.post("/auth/sign_out").status_code == 302
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=5)


def test_blocks_and_mutes_apply_to_a_page_s_stream(streaming_url: str, alice: User) -> None:
    eve, frank = make_user("eve", with_password=False), make_user("frank", with_password=False)
    graph.block(alice, eve)
    graph.mute(alice, frank)
    with page_socket(streaming_url, signed_in(alice), stream="user:notification") as ws:
        publish.to_user(alice.pk, "notification", '{"id":"1"}', actor_id=eve.pk)
        publish.to_user(alice.pk, "notification", '{"id":"2"}', actor_id=frank.pk)
        publish.to_user(alice.pk, "notification", '{"id":"3"}')
        assert json.loads(recv_json(ws)["payload"]) == {"id": "3"}
