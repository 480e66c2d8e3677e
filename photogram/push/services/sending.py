"""One push message to one subscription: encrypted for the app (RFC 8291), signed (RFC 8292), posted.

What the push service answers decides what happens next: delivered; the subscription is gone (404, 410: the
app uninstalled, the browser unsubscribed) and is deleted; try again later (429, 5xx, no answer), after the
service's Retry-After when it gives one; or refused for good (another 4xx), which is logged and not retried.
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from photogram.push.models import PushSubscription
from photogram.push.services import vapid

logger = logging.getLogger(__name__)

# Mastodon's: a message waits at the push service for two days for a phone that is offline.
TTL_SECONDS = 48 * 3600
# Seconds to connect and to wait for the answer; short, as the embedded profile sends from the request itself.
TIMEOUT = (3.05, 10)
RETRY_STATUSES = frozenset({408, 425, 429})
GONE_STATUSES = frozenset({404, 410})
# Retry-After beyond this is not waited for (the message is stale by then anyway).
LONGEST_WAIT = 6 * 3600


class Result(enum.StrEnum):
    DELIVERED = "delivered"
    GONE = "gone"  # the push service forgot the subscription: deleted here too
    RETRY = "retry"
    REFUSED = "refused"
    UNSUBSCRIBED = "unsubscribed"  # the subscription was removed before the message went out


@dataclass(frozen=True)
class Outcome:
    result: Result
    retry_after: float | None = None  # seconds the push service asked to wait, for RETRY


def send(subscription_id: int, message: dict[str, Any]) -> Outcome:
    """Push `message` (the notification's id, type, title, body and icon) to the subscription."""
    # Imported here: they weigh 40 MB, and the processes that import this module without sending (the
    # streaming server, the web tier on full) need not carry them.
    import requests  # noqa: PLC0415
    from pywebpush import WebPusher  # noqa: PLC0415

    subscription = PushSubscription.objects.select_related("access_token").filter(pk=subscription_id).first()
    if subscription is None:
        return Outcome(Result.UNSUBSCRIBED)
    payload = json.dumps(
        {
            # The app holds several accounts: the token says which one this is for.
            "access_token": subscription.access_token.token,
            "preferred_locale": settings.LANGUAGE_CODE.split("-")[0],
            **message,
        }
    ).encode()
    encoding = "aes128gcm" if subscription.standard else "aesgcm"
    pusher = WebPusher({"endpoint": subscription.endpoint, "keys": _keys(subscription)})
    encrypted = pusher.encode(payload, encoding)
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": encoding,
        "TTL": str(TTL_SECONDS),
        "Urgency": "normal",
        **vapid.authorization(subscription.endpoint, standard=subscription.standard),
    }
    if not subscription.standard:
        headers["Encryption"] = f"salt={encrypted['salt'].decode()}"
        headers["Crypto-Key"] = f"dh={encrypted['crypto_key'].decode()};{headers['Crypto-Key']}"
    try:
        # No redirects: the endpoint was checked when the app subscribed, wherever else a redirect points was not.
        response = requests.post(
            subscription.endpoint, data=encrypted["body"], headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as error:
        logger.info("push to %s failed, to be tried again: %s", _origin(subscription), error)
        return Outcome(Result.RETRY)
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(Result.DELIVERED)
    if status in GONE_STATUSES:
        PushSubscription.objects.filter(pk=subscription.pk).delete()
        return Outcome(Result.GONE)
    if status in RETRY_STATUSES or status >= 500:
        return Outcome(Result.RETRY, retry_after=retry_after(response.headers.get("Retry-After")))
    logger.warning("push to %s refused with %s: %s", _origin(subscription), status, response.text[:200])
    return Outcome(Result.REFUSED)


def retry_after(header: str | None) -> float | None:
    """Return the seconds a Retry-After header asks for (a number or an HTTP date), None without a usable one."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        seconds = float(header)
    else:
        try:
            seconds = (parsedate_to_datetime(header) - timezone.now()).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), LONGEST_WAIT)


def _keys(subscription: PushSubscription) -> dict[str, str]:
    return {"p256dh": subscription.key_p256dh, "auth": subscription.key_auth}


def _origin(subscription: PushSubscription) -> str:
    # Logged instead of the endpoint, whose path is a capability (anyone holding it may push to the app).
    return urlsplit(subscription.endpoint).netloc
