"""The server's VAPID key (RFC 8292): apps subscribe with its public half, push requests are signed with it.

Push services accept a request for a subscription only when it is signed by the key the app subscribed with,
so the key is made once and kept (`PHOTOGRAM_VAPID_PRIVATE_KEY`, else `<data_dir>/vapid_private_key`).
"""

from __future__ import annotations

import base64
import functools
import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid.jwt import sign

# How long a signature stays valid: RFC 8292 allows at most 24 hours.
TOKEN_LIFETIME = 12 * 3600


@functools.cache
def _private_key(encoded: str) -> ec.EllipticCurvePrivateKey:
    raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def _key() -> ec.EllipticCurvePrivateKey:
    return _private_key(settings.PUSH["VAPID_PRIVATE_KEY"])


def _public_bytes() -> bytes:
    return _key().public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def server_key() -> str:
    """Return the public key apps subscribe with, as Mastodon gives it (URL-safe base64, padded)."""
    return base64.urlsafe_b64encode(_public_bytes()).decode()


def authorization(endpoint: str, *, standard: bool) -> dict[str, str]:
    """Return the headers that sign a push request to `endpoint` (its audience is the push service's origin).

    RFC 8292's `vapid` scheme for aes128gcm subscriptions; for the draft's aesgcm, the draft's `WebPush` scheme
    with the key in `Crypto-Key`, as Mastodon sends them.
    """
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + TOKEN_LIFETIME,
        "sub": settings.PUSH["VAPID_SUBJECT"],
    }
    token = sign(claims, _key())
    public = base64.urlsafe_b64encode(_public_bytes()).decode().rstrip("=")
    if standard:
        return {"Authorization": f"vapid t={token},k={public}"}
    return {"Authorization": f"WebPush {token}", "Crypto-Key": f"p256ecdsa={public}"}
