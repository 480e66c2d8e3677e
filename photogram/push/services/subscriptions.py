"""Push subscriptions: made, read, changed and removed through the access token an app holds.

An app has one subscription per token: subscribing again replaces it (a new id), as Mastodon does. What the
app gives is checked here, before anything is kept: an endpoint a push service could be at, and keys that the
encryption can use (a P-256 point, a 16-byte secret), so a bad subscription is refused at once with the reason
rather than failing silently at every notification.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from oauth2_provider.models import AccessToken

from photogram.accounts.models import User
from photogram.push.models import ALERT_TYPES, PushSubscription

MAX_ENDPOINT_LENGTH = 2048
AUTH_SECRET_BYTES = 16  # RFC 8291, section 3.2
P256_POINT_BYTES = 65  # uncompressed: 0x04, then x and y


class SubscriptionNotFound(Exception):
    """The token has no push subscription."""


class SubscriptionRefused(Exception):
    """What the app gave cannot be pushed to; `field` names the parameter at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} {message}")
        self.field = field
        self.message = message


def subscription_of(token: AccessToken) -> PushSubscription:
    """Return the token's subscription, or raise SubscriptionNotFound."""
    found = PushSubscription.objects.filter(access_token_id=token.pk).first()
    if found is None:
        raise SubscriptionNotFound
    return found


def subscribe(
    token: AccessToken,
    account: User,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    standard: bool,
    alerts: Iterable[str],
    policy: str,
) -> PushSubscription:
    """Replace the token's subscription with a new one (after checking what the app gave); return it."""
    _check_endpoint(endpoint)
    p256dh_raw = _decoded("subscription.keys.p256dh", p256dh)
    auth_raw = _decoded("subscription.keys.auth", auth)
    _check_point(p256dh_raw)
    if len(auth_raw) != AUTH_SECRET_BYTES:
        raise SubscriptionRefused("subscription.keys.auth", f"must be {AUTH_SECRET_BYTES} bytes, not {len(auth_raw)}")
    with transaction.atomic():
        # The token's row locked: two subscribes with one token at once end with one subscription, the later.
        list(AccessToken.objects.select_for_update().filter(pk=token.pk).values_list("pk"))
        PushSubscription.objects.filter(access_token_id=token.pk).delete()
        return PushSubscription.objects.create(
            access_token_id=token.pk,
            account=account,
            endpoint=endpoint,
            key_p256dh=_encoded(p256dh_raw),
            key_auth=_encoded(auth_raw),
            standard=standard,
            alerts=_alerts(alerts),
            policy=policy,
        )


def change(token: AccessToken, *, alerts: Iterable[str], policy: str) -> PushSubscription:
    """Set which notifications the token's subscription gets (all of it: what is not named is off); return it."""
    subscription = subscription_of(token)
    subscription.alerts = _alerts(alerts)
    subscription.policy = policy
    subscription.save(update_fields=["alerts", "policy"])
    return subscription


def unsubscribe(token: AccessToken) -> None:
    """Remove the token's subscription, if it has one."""
    PushSubscription.objects.filter(access_token_id=token.pk).delete()


def _alerts(alerts: Iterable[str]) -> list[str]:
    wanted = set(alerts)
    return [kind for kind in ALERT_TYPES if kind in wanted]


def _check_endpoint(endpoint: str) -> None:
    field = "subscription.endpoint"
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise SubscriptionRefused(field, f"must be at most {MAX_ENDPOINT_LENGTH} characters")
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (reading it checks it: a port that is no number raises)
    except ValueError:
        raise SubscriptionRefused(field, "is not a URL") from None
    if not host or any(character.isspace() for character in endpoint):
        raise SubscriptionRefused(field, "must be an absolute https URL")
    if parts.username is not None or parts.password is not None:
        raise SubscriptionRefused(field, "must not hold a user name or password")
    address = _address(host)
    loopback = host == "localhost" or (address is not None and address.is_loopback)
    if parts.scheme == "http" and loopback and settings.PUSH["ALLOW_LOOPBACK_HTTP"]:
        return
    if parts.scheme != "https":
        raise SubscriptionRefused(field, "must be an https URL (push messages are only sent over TLS)")
    # A push service is on the internet: an endpoint in this server's own networks would make it post to them.
    if loopback or (address is not None and not address.is_global):
        raise SubscriptionRefused(field, "must be a public address, not a private or local one")


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Return the address `host` spells, None for a name; the short forms the resolver takes (127.1) too."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _decoded(field: str, value: str) -> bytes:
    # URL-safe base64 as browsers give it; the standard alphabet and padding are taken too, as Mastodon does.
    text = value.strip().rstrip("=")
    try:
        return base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise SubscriptionRefused(field, "must be base64 (URL-safe, as PushSubscription.getKey gives it)") from None


def _encoded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _check_point(raw: bytes) -> None:
    field = "subscription.keys.p256dh"
    if len(raw) != P256_POINT_BYTES or raw[0] != 0x04:
        raise SubscriptionRefused(field, f"must be an uncompressed P-256 public key ({P256_POINT_BYTES} bytes)")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise SubscriptionRefused(field, "is not a point on the P-256 curve") from None
