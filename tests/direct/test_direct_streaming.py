"""Direct messages on the streaming API: a new message reaches the other members' open `user` streams (in a
second), and so do read receipts, typing, reactions and unsends; nobody else's stream carries any of it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.direct.services import messages, threads
from tests.support.api import make_token, make_user
from tests.support.streaming import SseClient, serving, sse


@pytest.fixture
def streaming_url(transactional_db: None, celery_worker_process: None) -> Iterator[str]:
    """A streaming server, and delivery as it runs on the profile: inline on embedded, a worker on full."""
    with serving() as url:
        yield url


def stream_of(url: str, user: User) -> Any:
    return sse(url, "/api/v1/streaming/user", make_token(user, "read"))


def payload(stream: SseClient, timeout: float) -> tuple[str, dict[str, Any]]:
    event = stream.next(timeout=timeout)
    assert event is not None
    body: dict[str, Any] = json.loads(event.data)
    return event.event, body


def test_a_message_and_what_follows_it_reach_the_other_members_streams(streaming_url: str) -> None:
    alice, bob, stranger = (make_user(name, with_password=False) for name in ("alice", "bob", "stranger"))
    graph.follow(bob, alice)
    thread = threads.start(alice, [bob.pk])
    with (
        stream_of(streaming_url, bob) as bobs,
        stream_of(streaming_url, alice) as alices,
        stream_of(streaming_url, stranger) as strangers,
    ):
        with transaction.atomic():
            sent = messages.send(alice, thread.pk, text="are you there?")
        kind, body = payload(bobs, timeout=1.0)
        assert kind == "direct.message"
        assert (body["id"], body["text"], body["thread_id"]) == (str(sent.id), "are you there?", str(thread.pk))
        assert body["account"]["id"] == str(alice.pk)

        with transaction.atomic():
            messages.mark_read(bob, thread.pk)
        assert payload(alices, timeout=10) == (
            "direct.read",
            {"thread_id": str(thread.pk), "account_id": str(bob.pk), "last_read_id": str(sent.id)},
        )
        messages.typing(bob, thread.pk)
        typing = {"thread_id": str(thread.pk), "account_id": str(bob.pk)}
        assert payload(alices, timeout=10) == ("direct.typing", typing)
        with transaction.atomic():
            messages.react(bob, thread.pk, sent.id, "❤️")
        kind, body = payload(alices, timeout=10)
        assert (kind, body["emoji"], body["id"]) == ("direct.reaction", "❤️", str(sent.id))
        with transaction.atomic():
            messages.unsend(alice, thread.pk, sent.id)
        assert payload(bobs, timeout=10) == ("direct.unsend", {"thread_id": str(thread.pk), "id": str(sent.id)})
        assert strangers.nothing_within(0.5)


def test_a_blocked_sender_reaches_nobody_who_blocks_them(streaming_url: str) -> None:
    alice, bob, carol = (make_user(name, with_password=False) for name in ("alice", "bob", "carol"))
    group = threads.start(alice, [bob.pk, carol.pk], title="three")
    graph.block(bob, carol)
    with stream_of(streaming_url, bob) as bobs, stream_of(streaming_url, alice) as alices:
        with transaction.atomic():
            messages.send(carol, group.pk, text="from carol")
        kind, body = payload(alices, timeout=10)
        assert (kind, body["text"]) == ("direct.message", "from carol")
        assert bobs.nothing_within(1.0)
