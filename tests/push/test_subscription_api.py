"""`/api/v1/push/subscription`: one subscription per access token, Mastodon's parameters, bad keys refused."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from oauth2_provider.models import AccessToken

from photogram.push.models import ALERT_TYPES, PushSubscription
from tests.push.receiver import PushReceiver, b64encode
from tests.support.api import ApiClient, as_user, make_token, make_user

pytestmark = pytest.mark.django_db

PATH = "/api/v1/push/subscription"


def _server_key() -> str:
    return str(ApiClient(None).get("/api/v2/instance").json()["configuration"]["vapid"]["public_key"])


def test_subscribing_answers_the_subscription_with_the_servers_key(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    form = receiver.subscription_form(
        **{"data[alerts][mention]": "true", "data[alerts][admin.sign_up]": "1", "data[policy]": "followed"}
    )
    created = client.post(PATH, form)
    assert created.status_code == 200, created.content
    body = created.json()
    assert body == {
        "id": body["id"],
        "endpoint": receiver.endpoint(),
        "standard": False,
        "alerts": {kind: kind in {"mention", "admin.sign_up"} for kind in ALERT_TYPES},
        "policy": "followed",
        "server_key": _server_key(),
    }
    assert isinstance(body["id"], str)
    # The key is a P-256 public point, as apps pass it to PushManager.subscribe.
    assert len(base64.urlsafe_b64decode(body["server_key"])) == 65
    assert client.get(PATH).json() == body
    registered = client.post("/api/v1/apps", {"client_name": "app", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"})
    assert registered.json()["vapid_key"] == body["server_key"]


def test_json_bodies_and_the_standard_encoding_are_taken(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    body = {
        "subscription": {
            "endpoint": receiver.endpoint(),
            "keys": {"p256dh": receiver.p256dh, "auth": b64encode(receiver.auth)},
            "standard": True,
        },
        "data": {"alerts": {"follow": True, "favourite": False}},
    }
    answer = client.client.post(PATH, body, content_type="application/json", headers=client.headers).json()
    assert answer["standard"] is True
    assert [kind for kind, on in answer["alerts"].items() if on] == ["follow"]
    assert answer["policy"] == "all"


def test_one_subscription_per_token_and_only_that_tokens(receiver: PushReceiver) -> None:
    reader = make_user("reader", with_password=False)
    phone, laptop = as_user(reader), as_user(reader)
    first = phone.post(PATH, receiver.subscription_form("phone")).json()
    second = phone.post(PATH, receiver.subscription_form("phone-again")).json()
    assert second["id"] != first["id"]
    assert PushSubscription.objects.filter(account=reader).count() == 1
    # Another token of the same person (another app) neither sees nor removes it.
    assert laptop.get(PATH).status_code == 404
    assert laptop.put(PATH, {"data": {"alerts": {"mention": True}}}).status_code == 404
    assert laptop.delete(PATH).json() == {}
    assert phone.get(PATH).json() == second
    laptops = laptop.post(PATH, receiver.subscription_form("laptop")).json()
    assert PushSubscription.objects.filter(account=reader).count() == 2
    assert phone.get(PATH).json()["endpoint"] == receiver.endpoint("phone-again")
    assert laptop.get(PATH).json() == laptops


def test_a_change_sets_every_alert_and_the_policy(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    client.post(PATH, receiver.subscription_form(**{"data[alerts][mention]": "1", "data[alerts][follow]": "1"}))
    changed = client.put(PATH, {"data": {"alerts": {"favourite": True}, "policy": "follower"}}).json()
    assert [kind for kind, on in changed["alerts"].items() if on] == ["favourite"]  # what is not named is off
    assert changed["policy"] == "follower"
    assert changed["endpoint"] == receiver.endpoint()
    # `policy` outside `data`, as Mastodon's documentation has it for a change.
    assert client.put(PATH, {"policy": "none"}).json()["policy"] == "none"
    assert client.put(PATH, "data[alerts][poll]=true", "application/x-www-form-urlencoded").json()["alerts"]["poll"]


def test_alert_kinds_this_server_does_not_know_are_ignored(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    form = receiver.subscription_form(**{"data[alerts][quote]": "true", "data[alerts][mention]": "true"})
    assert [kind for kind, on in client.post(PATH, form).json()["alerts"].items() if on] == ["mention"]
    refused = client.put(PATH, {"data": {"alerts": {"quote": "perhaps"}}})
    assert refused.status_code == 422
    assert "quote must be true or false" in refused.json()["error"]


def test_unsubscribing_twice_answers_the_same(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    client.post(PATH, receiver.subscription_form())
    assert client.delete(PATH).json() == {}
    assert client.get(PATH).status_code == 404
    assert client.put(PATH, {"data": {"alerts": {"mention": True}}}).status_code == 404
    assert client.delete(PATH).json() == {}


def test_a_revoked_token_takes_its_subscription_with_it(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    client.post(PATH, receiver.subscription_form())
    token = AccessToken.objects.get()
    token.revoke()
    assert not PushSubscription.objects.exists()


def test_it_takes_the_push_scope_and_a_person() -> None:
    reader = make_user("reader", with_password=False)
    assert ApiClient(make_token(reader, "read write")).get(PATH).status_code == 403
    assert ApiClient(None).get(PATH).status_code == 401
    assert ApiClient(make_token(None, "push")).get(PATH).status_code == 422  # an app token has no notifications


NOT_ON_CURVE = b64encode(b"\x04" + b"\x01" * 64)
COMPRESSED = b64encode(b"\x02" + b"\x01" * 32)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"subscription[endpoint]": "http://push.example/app"}, "subscription.endpoint", "https"),
        ({"subscription[endpoint]": "ftp://push.example/app"}, "subscription.endpoint", "https"),
        ({"subscription[endpoint]": "push.example/app"}, "subscription.endpoint", "absolute"),
        ({"subscription[endpoint]": "https://10.1.2.3/app"}, "subscription.endpoint", "public address"),
        ({"subscription[endpoint]": "https://127.1/app"}, "subscription.endpoint", "public address"),
        ({"subscription[endpoint]": "https://[::1]:8443/app"}, "subscription.endpoint", "public address"),
        ({"subscription[endpoint]": "https://169.254.169.254/latest"}, "subscription.endpoint", "public address"),
        ({"subscription[endpoint]": "https://user:secret@push.example/"}, "subscription.endpoint", "password"),
        ({"subscription[endpoint]": "https://push.example:99999/"}, "subscription.endpoint", "not a URL"),
        ({"subscription[keys][p256dh]": "not base64!"}, "subscription.keys.p256dh", "base64"),
        ({"subscription[keys][p256dh]": "AAAA"}, "subscription.keys.p256dh", "65 bytes"),
        ({"subscription[keys][p256dh]": COMPRESSED}, "subscription.keys.p256dh", "uncompressed"),
        ({"subscription[keys][p256dh]": NOT_ON_CURVE}, "subscription.keys.p256dh", "curve"),
        ({"subscription[keys][auth]": b64encode(b"short")}, "subscription.keys.auth", "16 bytes"),
        ({"subscription[keys][auth]": "A"}, "subscription.keys.auth", "base64"),
        ({"subscription[keys][auth]": ""}, "subscription.keys.auth", "16 bytes"),
        ({"data[policy]": "friends"}, "data.policy", "'all'"),
        ({"data[alerts][mention]": "maybe"}, "data.alerts.mention", "true or false"),
    ],
)
def test_what_cannot_be_pushed_to_is_refused_with_the_reason(
    receiver: PushReceiver, change: dict[str, str], field: str, words: str
) -> None:
    client = as_user(make_user("reader", with_password=False))
    answer = client.post(PATH, {**receiver.subscription_form(), **change})
    assert answer.status_code == 422, answer.content
    error = answer.json()
    assert field in error["details"], error
    assert words in error["error"], error
    assert not PushSubscription.objects.exists()


def test_the_keys_are_required(receiver: PushReceiver) -> None:
    client = as_user(make_user("reader", with_password=False))
    form = receiver.subscription_form()
    del form["subscription[keys][auth]"]
    answer = client.post(PATH, form).json()
    assert answer["error"] == "Validation failed: subscription.keys.auth can't be blank"


def test_plain_http_to_loopback_only_while_developing(receiver: PushReceiver, settings: Any) -> None:
    client = as_user(make_user("reader", with_password=False))
    assert client.post(PATH, receiver.subscription_form()).status_code == 200
    settings.PUSH = {**settings.PUSH, "ALLOW_LOOPBACK_HTTP": False}
    refused = client.post(PATH, receiver.subscription_form())
    assert refused.status_code == 422
    assert "https" in refused.json()["error"]
