"""Direct messages by Web Push: a new message reaches the apps of the members whose inbox holds the thread and
who did not mute it, as the `direct_message` alert. A real Celery worker sends on full; inline on embedded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from photogram.accounts.services import graph
from tests.push.receiver import PushReceiver
from tests.support.api import ApiClient, as_user, make_token, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]

BASE = "/api/photogram/v1/direct"


@pytest.fixture
def receiver(settings: Any) -> Iterator[PushReceiver]:
    """A push service on loopback, which subscriptions may name over plain http as in development."""
    settings.PUSH = {**settings.PUSH, "ALLOW_LOOPBACK_HTTP": True}
    served = PushReceiver()
    yield served
    served.close()


def test_a_message_is_pushed_unless_the_thread_is_muted(receiver: PushReceiver) -> None:
    alice = make_user("alice", with_password=False, display_name="Alice")
    bob, carol = make_user("bob", with_password=False), make_user("carol", with_password=False)
    graph.follow(bob, alice)
    graph.follow(bob, carol)
    subscribed = ApiClient(make_token(bob)).post(
        "/api/v1/push/subscription", receiver.subscription_form(**{"data[alerts][direct_message]": "true"})
    )
    assert subscribed.status_code == 200, subscribed.content
    assert subscribed.json()["alerts"]["direct_message"] is True
    from_alice, from_carol = as_user(alice), as_user(carol)
    muted = from_alice.post(f"{BASE}/threads", {"account_ids[]": [bob.pk]}).json()["id"]
    kept = from_carol.post(f"{BASE}/threads", {"account_ids[]": [bob.pk]}).json()["id"]
    assert as_user(bob).post(f"{BASE}/threads/{muted}/mute").status_code == 200

    from_alice.post(f"{BASE}/threads/{muted}/messages", {"text": "you will not hear this"})
    sent = from_carol.post(f"{BASE}/threads/{kept}/messages", {"text": "lunch at noon?"}).json()
    # Deliveries run in the order they were sent: the muted thread's would have come first.
    (received,) = receiver.wait_for(1)
    pushed = receiver.decrypt(received)
    assert (pushed["notification_type"], pushed["body"]) == ("direct_message", "lunch at noon?")
    assert str(pushed["notification_id"]) == sent["id"]
    assert pushed["title"] == "carol"
