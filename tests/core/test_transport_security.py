"""The headers and cookie flags that keep a session off plain HTTP, as an operator's settings turn them on."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.support.api import make_user

# Read in a fresh interpreter: settings are derived once, at import, from the environment.
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps(["
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER]))"
)


def _settings_with(**environment: str) -> list[object]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "photogram.settings", **environment}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout
    loaded: list[object] = json.loads(out.strip().splitlines()[-1])
    return loaded


def test_plain_http_development_sets_no_secure_only_flags() -> None:
    assert _settings_with(PHOTOGRAM_PUBLIC_URL="http://127.0.0.1:8000") == [False, False, 0, None]


def test_an_https_address_makes_cookies_secure_and_asks_for_hsts() -> None:
    assert _settings_with(PHOTOGRAM_PUBLIC_URL="https://photos.example") == [True, True, 31_536_000, None]
    assert _settings_with(PHOTOGRAM_PUBLIC_URL="https://photos.example", PHOTOGRAM_HSTS_SECONDS="0")[2] == 0


def test_the_forwarded_scheme_is_trusted_only_when_the_operator_says_a_proxy_sets_it() -> None:
    assert _settings_with(PHOTOGRAM_TRUST_FORWARDED_PROTO="true")[3] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_a_page_behind_a_tls_proxy_carries_hsts_and_the_hardening_headers(settings: object) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000  # type: ignore[attr-defined]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    make_user("hsts")
    client = Client()
    secure = client.get("/@hsts", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert secure["Referrer-Policy"] == "same-origin"
    assert secure["X-Frame-Options"] == "DENY"
    assert secure["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in secure["Content-Security-Policy"]
    # A client on plain HTTP is never sent HSTS (browsers ignore it there, and it would say nothing true).
    assert "Strict-Transport-Security" not in client.get("/@hsts")
