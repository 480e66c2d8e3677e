"""An app's push service for tests: an HTTP server on loopback holding the subscription's private key.

It answers each push with the next status it was told to (201 once they run out), keeps what it received, and
decrypts it as the app would (RFC 8291 aes128gcm, or the draft's aesgcm), so a test reads the very payload
an app gets, and checks the VAPID signature (RFC 8292) against the server's public key.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]


class PushReceiver:
    """A push service on 127.0.0.1 and the app behind it (its key pair and auth secret)."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.received: list[Received] = []
        self._answers: list[Answer] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.received.append(
                        Received(self.path, {name.lower(): value for name, value in self.headers.items()}, body)
                    )
                    answer = receiver._answers.pop(0) if receiver._answers else Answer(201, {})
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def endpoint(self, name: str = "app") -> str:
        return f"{self.origin}/push/{name}"

    @property
    def p256dh(self) -> str:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64encode(public)

    def subscription_form(self, name: str = "app", **data: str) -> dict[str, str]:
        """The form an app posts to subscribe this receiver's endpoint `name`."""
        return {
            "subscription[endpoint]": self.endpoint(name),
            "subscription[keys][p256dh]": self.p256dh,
            "subscription[keys][auth]": b64encode(self.auth),
            **data,
        }

    def answer(self, *answers: Answer) -> None:
        """Answer the next pushes with these, in order."""
        with self._lock:
            self._answers.extend(answers)

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def wait_for(self, count: int, *, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while self.count() < count and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            return list(self.received)

    def decrypt(self, received: Received) -> dict[str, Any]:
        """Return the JSON payload as the app reads it, decrypting with its private key and auth secret."""
        encoding = received.headers["content-encoding"]
        if encoding == "aes128gcm":
            plain = http_ece.decrypt(
                received.body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
            )
        else:
            assert encoding == "aesgcm"
            crypto_key = _params(received.headers["crypto-key"])
            salt = _params(received.headers["encryption"])["salt"]
            plain = http_ece.decrypt(
                received.body,
                salt=b64decode(salt),
                dh=b64decode(crypto_key["dh"]),
                private_key=self.private_key,
                auth_secret=self.auth,
                version="aesgcm",
            )
        payload: dict[str, Any] = json.loads(plain)
        return payload

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _params(header: str) -> dict[str, str]:
    """Return `a=1;b=2` (or comma-separated) as a map."""
    pairs = (part.strip().split("=", 1) for part in header.replace(",", ";").split(";") if part.strip())
    return {pair[0]: pair[1] for pair in pairs}


def vapid_claims(received: Received, server_key: str) -> dict[str, Any]:
    """Return the claims of the request's VAPID token after checking it is signed by `server_key`.

    RFC 8292's `vapid t=<jwt>,k=<key>` for aes128gcm; the draft's `WebPush <jwt>` with `p256ecdsa=<key>` in
    Crypto-Key for aesgcm. Either way the key sent must be the server's, and the ES256 signature must verify.
    """
    authorization = received.headers["authorization"]
    scheme, _, rest = authorization.partition(" ")
    if scheme == "vapid":
        fields = dict(part.strip().split("=", 1) for part in rest.split(","))
        token, key = fields["t"], fields["k"]
    else:
        assert scheme == "WebPush"
        token, key = rest.strip(), _params(received.headers["crypto-key"])["p256ecdsa"]
    assert b64decode(key) == b64decode(server_key.rstrip("="))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(key))
    header, claims, signature = token.split(".")
    raw = b64decode(signature)
    assert len(raw) == 64
    der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    assert json.loads(b64decode(header)) == {"typ": "JWT", "alg": "ES256"}
    decoded: dict[str, Any] = json.loads(b64decode(claims))
    return decoded
