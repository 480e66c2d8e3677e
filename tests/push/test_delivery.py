"""Pushing notifications: what an app receives, decrypted with its own key, and what the server does with the
push service's answers. On the full profile a real Celery worker sends (queue `notify`); inline on embedded."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from oauth2_provider.models import AccessToken

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.core.window import CursorWindow
from photogram.notifications.stores import inboxes
from photogram.push.models import PushSubscription
from photogram.push.services.delivery import push_notification
from photogram.push.services.sending import retry_after
from tests.posts.helpers import media
from tests.push.receiver import Answer, PushReceiver, vapid_claims
from tests.support.api import ApiClient, make_token, make_user
from tests.support.eventually import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]

PATH = "/api/v1/push/subscription"


def _subscribe(receiver: PushReceiver, person: User, name: str = "app", **data: str) -> tuple[str, dict[str, Any]]:
    """Subscribe a new token of `person` to the receiver's endpoint `name`; return the token and the entity."""
    token = make_token(person)
    answer = ApiClient(token).post(PATH, receiver.subscription_form(name, **data))
    assert answer.status_code == 200, answer.content
    return token, answer.json()


def _notify(recipient: User, sender: User | None, kind: str = "mention", notification_id: int = 7) -> int:
    return push_notification(
        recipient_id=recipient.pk,
        notification_id=notification_id,
        notification_type=kind,
        from_account_id=sender.pk if sender else None,
        title=f"{sender.username if sender else 'Photogram'} did something",
        body="A caption. " * 30,
        icon="https://photos.example/avatar.png",
    )


@pytest.mark.parametrize("standard", [True, False], ids=["aes128gcm", "aesgcm"])
def test_the_app_decrypts_the_notification_and_the_signature_is_the_servers(
    receiver: PushReceiver, standard: bool
) -> None:
    reader, writer = make_user("reader", with_password=False), make_user("writer", with_password=False)
    flag = "true" if standard else "false"
    token, entity = _subscribe(receiver, reader, **{"subscription[standard]": flag, "data[alerts][mention]": "true"})
    with transaction.atomic():
        assert _notify(reader, writer, notification_id=123456789012345678) == 1
        time.sleep(0.2)
        assert receiver.count() == 0  # sent after the commit, never before
    (received,) = receiver.wait_for(1)
    assert receiver.decrypt(received) == {
        "access_token": token,
        "preferred_locale": "en",
        "notification_id": 123456789012345678,
        "notification_type": "mention",
        "icon": "https://photos.example/avatar.png",
        "title": "writer did something",
        "body": ("A caption. " * 30)[:139] + "…",
    }
    assert received.path == "/push/app"
    assert received.headers["content-encoding"] == ("aes128gcm" if standard else "aesgcm")
    assert received.headers["ttl"] == str(48 * 3600)
    assert received.headers["urgency"] == "normal"
    server_key = ApiClient(None).get("/api/v2/instance").json()["configuration"]["vapid"]["public_key"]
    assert entity["server_key"] == server_key
    claims = vapid_claims(received, server_key)
    assert claims["aud"] == receiver.origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"]


def test_a_subscription_the_push_service_forgot_is_deleted(receiver: PushReceiver) -> None:
    reader = make_user("reader", with_password=False)
    token, _ = _subscribe(receiver, reader, **{"data[alerts][mention]": "1"})
    receiver.answer(Answer(410, {}))
    _notify(reader, None)
    receiver.wait_for(1)
    assert soon(lambda: PushSubscription.objects.filter(account=reader).exists(), False) is False
    assert ApiClient(token).get(PATH).status_code == 404


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_push_service_that_fails_for_now_gets_it_again(receiver: PushReceiver, status: int) -> None:
    reader = make_user("reader", with_password=False)
    _subscribe(receiver, reader, **{"data[alerts][favourite]": "1"})
    # Retry-After: the worker waits as long as the service asks (its own backoff starts at 15 s).
    receiver.answer(Answer(status, {"Retry-After": "1"}))
    _notify(reader, None, kind="favourite")
    first, second = receiver.wait_for(2)
    assert receiver.decrypt(first) == receiver.decrypt(second)
    assert PushSubscription.objects.filter(account=reader).exists()


def test_a_push_service_that_keeps_failing_is_given_up_on(receiver: PushReceiver, settings: Any) -> None:
    reader = make_user("reader", with_password=False)
    _subscribe(receiver, reader, **{"data[alerts][mention]": "1"})
    receiver.answer(*[Answer(503, {"Retry-After": "0"})] * 10)
    _notify(reader, None)
    # The first attempt and five retries on a worker; inline (embedded) one more attempt, at once.
    attempts = 6 if settings.FULL_PROFILE else 2
    assert len(receiver.wait_for(attempts)) == attempts
    time.sleep(1.5)
    assert receiver.count() == attempts
    assert PushSubscription.objects.filter(account=reader).exists()


def test_a_refusal_is_not_retried_and_keeps_the_subscription(receiver: PushReceiver) -> None:
    reader = make_user("reader", with_password=False)
    _subscribe(receiver, reader, **{"data[alerts][mention]": "1"})
    receiver.answer(Answer(400, {}))
    _notify(reader, None, notification_id=1)
    receiver.wait_for(1)
    _notify(reader, None, notification_id=2)  # sent after the first was handled: it would come after a retry
    received = receiver.wait_for(2)
    assert [receiver.decrypt(each)["notification_id"] for each in received] == [1, 2]
    assert PushSubscription.objects.filter(account=reader).exists()


def test_alerts_and_policies_choose_the_subscriptions(receiver: PushReceiver) -> None:
    reader = make_user("reader", with_password=False)
    friend, fan, stranger = (make_user(name, with_password=False) for name in ("friend", "fan", "stranger"))
    graph.follow(reader, friend)
    graph.follow(fan, reader)
    # The fan's follow notifies the reader (by a task on full): let it land before any app is subscribed.
    assert soon(lambda: [entry.type for entry in inboxes.default.page(reader.pk, CursorWindow())], ["follow"]) == [
        "follow"
    ]
    _subscribe(receiver, reader, "all", **{"data[alerts][mention]": "1", "data[alerts][follow]": "1"})
    _subscribe(receiver, reader, "followed", **{"data[alerts][mention]": "1", "data[policy]": "followed"})
    _subscribe(receiver, reader, "follower", **{"data[alerts][mention]": "1", "data[policy]": "follower"})
    _subscribe(receiver, reader, "none", **{"data[alerts][mention]": "1", "data[policy]": "none"})
    _subscribe(receiver, reader, "favourites", **{"data[alerts][favourite]": "1"})
    other = make_user("other", with_password=False)
    _subscribe(receiver, other, "someone-else", **{"data[alerts][mention]": "1"})

    expected = {
        (stranger, "mention"): {"/push/all"},
        (friend, "mention"): {"/push/all", "/push/followed"},
        (fan, "mention"): {"/push/all", "/push/follower"},
        (stranger, "follow"): {"/push/all"},
        (stranger, "favourite"): {"/push/favourites"},
        (stranger, "poll"): set(),
        (None, "mention"): {"/push/all"},  # nobody sent it: only "all" admits it
    }
    total = 0
    for number, ((sender, kind), paths) in enumerate(expected.items(), start=1):
        assert _notify(reader, sender, kind, notification_id=number) == len(paths)
        total += len(paths)
    received = receiver.wait_for(total)
    time.sleep(0.3 if total == len(received) else 0)  # nothing more is on its way
    got: dict[int, set[str]] = {}
    for each in receiver.received:
        got.setdefault(receiver.decrypt(each)["notification_id"], set()).add(each.path)
    assert got == {number: paths for number, paths in enumerate(expected.values(), start=1) if paths}


def test_a_revoked_token_is_pushed_no_more(receiver: PushReceiver) -> None:
    reader = make_user("reader", with_password=False)
    _subscribe(receiver, reader, **{"data[alerts][mention]": "1"})
    AccessToken.objects.get(user=reader).revoke()
    assert _notify(reader, None) == 0


def test_retry_after_takes_seconds_or_a_date() -> None:
    assert retry_after("120") == 120
    assert retry_after(None) is None
    assert retry_after("soon") is None
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert 290 < (retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT")) or 0) <= 300
    assert retry_after("999999") == 6 * 3600  # not waited for longer than the message is worth


def test_a_like_is_pushed_to_the_authors_app_with_who_liked_what(receiver: PushReceiver) -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False, display_name="Ann")
    _subscribe(receiver, author, **{"data[alerts][favourite]": "true", "data[alerts][follow]": "false"})
    answer = ApiClient(make_token(author)).post(
        "/api/v1/statuses", {"status": "sunset over the bay", "media_ids[]": [str(media(author).pk)]}
    )
    assert answer.status_code == 200, answer.content
    ApiClient(make_token(fan)).post(f"/api/v1/statuses/{answer.json()['id']}/favourite", {})
    (received,) = receiver.wait_for(1)
    pushed = receiver.decrypt(received)
    notifications = ApiClient(make_token(author)).get("/api/v1/notifications").json()
    assert (pushed["notification_type"], pushed["title"], pushed["body"]) == (
        "favourite",
        "Ann liked your post",
        "sunset over the bay",
    )
    assert pushed["icon"].endswith("/static/photogram/avatar-missing.png")
    assert str(pushed["notification_id"]) == notifications[0]["id"]
    time.sleep(0.3)
    assert receiver.count() == 1  # liking makes one push, nothing else was asked for
