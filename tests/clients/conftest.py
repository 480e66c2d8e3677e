"""Real clients against a real server: one client run per module, whose report each test then asserts on.

A client run makes dozens of calls that build on each other (an app, accounts, a follow, a post, a list), so
it runs once per module, in a module-scoped fixture, and the tests read its report: one test per feature, so
each can be marked as not served yet on its own. The run writes through the live server outside any test's
transaction; the first test's transactional database fixture empties the database after it, as usual.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test.utils import modify_settings, override_settings

from tests.support.feed_path import close_feed_service_client


@pytest.fixture(scope="module")
def client_server(
    live_server: Any,
    django_db_blocker: Any,
    celery_worker_process: None,
    outbox_relay_process: object,
    feed_service_port: int,
) -> Iterator[str]:
    """The live server's URL, set up for a whole client run: database access for its thread, room for
    several sign-ups from one address, rate-limit counters of its own, and the feed path on full."""
    rate_limits = dict(settings.RATE_LIMITS["default"])
    if "redis" in rate_limits["BACKEND"]:
        rate_limits["OPTIONS"] = {**rate_limits.get("OPTIONS", {}), "key_prefix": f"tests:{uuid.uuid4().hex}"}
    overrides: dict[str, Any] = {
        "RATE_LIMIT_POLICIES": {**settings.RATE_LIMIT_POLICIES, "sign_up": (100, 1800)},
        "RATE_LIMITS": {"default": rate_limits},
    }
    if settings.FULL_PROFILE:
        entry = settings.FEED_SERVICE["default"]
        options = {**entry["OPTIONS"], "port": feed_service_port, "timeout": 10.0}
        overrides["FEED_SERVICE"] = {"default": {**entry, "OPTIONS": options}}
    url = str(live_server.url)
    # Discovery documents (NodeInfo, the OAuth server's) name URLs by the public URL, as Mastodon's do.
    overrides["PUBLIC_URL"] = url
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(modify_settings(ALLOWED_HOSTS={"append": urlsplit(url).hostname}))
        stack.enter_context(override_settings(**overrides))
        stack.callback(close_feed_service_client)
        yield url
