"""The HTTP scenarios: what each one requests of the real API, and its naive baseline on the same server.

Inputs are drawn from the seeded community with a fixed seed: accounts weighted towards the popular ones
(whose grids are read most), public posts, and the benchmark accounts' tokens for what needs a login.
Add a scenario by adding a function to SCENARIOS. The web app's pages (page-*) load the same data as an API
scenario (home, grid, detail) and are measured beside it; a page the app does not serve yet is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import Resolver404, resolve
from django.utils import timezone

from bench.wrk import Request

SAMPLE = 2000
TOKENS = 200


@dataclass(frozen=True)
class Scenario:
    """A named load: the real endpoint's requests and, when there is one, the naive baseline's."""

    name: str
    description: str
    requests: list[Request]
    baseline: list[Request] | None = None
    baseline_description: str = ""
    # A p99 the scenario must meet under light load (the feed issue's 25 ms); None: no light-load runs.
    latency_target_ms: float | None = None


def _accounts(rng: random.Random) -> list[int]:
    from photogram.accounts.models import User

    public = User.objects.filter(locked=False, username__startswith="bench")
    popular = list(public.order_by("-followers_count", "pk").values_list("pk", flat=True)[:50])
    everyone = list(public.order_by("pk").values_list("pk", flat=True))
    return popular + rng.sample(everyone, min(len(everyone), 150))


def _public_posts(rng: random.Random) -> list[int]:
    from photogram.posts.models import Status

    ids = list(
        Status.objects.filter(visibility="public", in_reply_to=None, author__locked=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return rng.sample(ids, min(len(ids), SAMPLE))


def oauth_application(name: str) -> Any:
    """Return the benchmark's own registered app called `name`, made at first use."""
    from oauth2_provider.models import Application

    from photogram.oauth.models import AppRegistration

    application, made = Application.objects.get_or_create(
        name=name,
        defaults={
            "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_PASSWORD,
            "hash_client_secret": False,
        },
    )
    if made:
        AppRegistration.objects.create(application=application, scopes="read write follow")
    return application


def _tokens() -> list[tuple[int, str]]:
    """Return (account id, access token) for benchmark accounts, made once and kept with the data."""
    from oauth2_provider.models import AccessToken

    from photogram.accounts.models import User

    application = oauth_application("photogram-bench")
    existing = list(AccessToken.objects.filter(application=application).values_list("user_id", "token"))
    if len(existing) >= TOKENS:
        return existing[:TOKENS]
    users = User.objects.filter(username__startswith="bench").exclude(pk__in=[user for user, _ in existing])
    expires = timezone.now() + timedelta(days=3650)
    for user in users.order_by("pk")[: TOKENS - len(existing)]:
        token = f"bench-{user.pk}"
        AccessToken.objects.create(user=user, application=application, token=token, expires=expires, scope="read write")
        existing.append((user.pk, token))
    return existing


def grid(rng: random.Random) -> Scenario:
    accounts = _accounts(rng)
    return Scenario(
        "grid",
        "GET /api/v1/accounts/:id/statuses (a profile's grid, anonymous)",
        [Request("GET", f"/api/v1/accounts/{account}/statuses") for account in accounts],
        [Request("GET", f"/bench/naive/accounts/{account}/statuses") for account in accounts],
        "one SQL query for the posts, then a query per post for author, media and like count",
    )


def detail(rng: random.Random) -> Scenario:
    posts = _public_posts(rng)
    return Scenario(
        "detail",
        "GET /api/v1/statuses/:id (a post, anonymous)",
        [Request("GET", f"/api/v1/statuses/{post}") for post in posts],
        [Request("GET", f"/bench/naive/statuses/{post}") for post in posts],
        "the post, its author, its media and COUNT(*) of its likes, one query each",
    )


def like(rng: random.Random) -> Scenario:
    posts, tokens = _public_posts(rng), _tokens()
    pairs = [(rng.choice(tokens), post) for post in posts]
    return Scenario(
        "like",
        "POST /api/v1/statuses/:id/favourite (logged in; a repeated like changes nothing)",
        [Request("POST", f"/api/v1/statuses/{post}/favourite", token) for (_, token), post in pairs],
        [Request("POST", f"/bench/naive/accounts/{account}/favourite/{post}") for (account, _), post in pairs],
        "INSERT ... ON CONFLICT DO NOTHING, then COUNT(*) of the post's likes",
    )


def home(rng: random.Random) -> Scenario | None:
    """The home feed, once the API serves it; its baseline is fan-out on read, one query over follows."""
    try:
        resolve("/api/v1/timelines/home")
    except Resolver404:
        return None
    tokens = _tokens()
    return Scenario(
        "home",
        "GET /api/v1/timelines/home (logged in)",
        [Request("GET", "/api/v1/timelines/home", token) for _, token in tokens],
        [Request("GET", f"/bench/naive/home/{account}") for account, _ in tokens],
        "posts of the people one follows, newest first, as one PostgreSQL query (fan-out on read)",
        latency_target_ms=25.0,
    )


def _serves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _sessions() -> list[tuple[int, str]]:
    """Return (account id, session cookie) for the accounts _tokens() uses: signed in as the web app signs in."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from photogram.accounts.models import User

    engine = import_module(settings.SESSION_ENGINE)
    users = User.objects.in_bulk([account for account, _ in _tokens()])
    cookies = []
    for user in users.values():
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "photogram.accounts.backends.UsernameOrEmailBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append((user.pk, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"))
    return cookies


def page_home(rng: random.Random) -> Scenario:
    return Scenario(
        "page-home",
        "GET / (the home page, signed in; the data of the home scenario)",
        [Request("GET", "/", cookie=cookie) for _, cookie in _sessions()],
    )


def page_profile(rng: random.Random) -> Scenario | None:
    from photogram.accounts.models import User

    if not _serves("/@bench"):
        return None
    names = User.objects.in_bulk(_accounts(rng))
    return Scenario(
        "page-profile",
        "GET /@name (a profile page, anonymous; the data of the grid scenario)",
        [Request("GET", f"/@{user.username}") for user in names.values()],
    )


def page_post(rng: random.Random) -> Scenario | None:
    from photogram.posts.models import Status

    if not _serves("/@bench/1"):
        return None
    posts = Status.objects.filter(pk__in=_public_posts(rng)).values_list("pk", "author__username")
    return Scenario(
        "page-post",
        "GET /@name/:id (a post's page, anonymous; the data of the detail scenario)",
        [Request("GET", f"/@{author}/{post}") for post, author in posts],
    )


SCENARIOS: dict[str, Callable[[random.Random], Scenario | None]] = {
    "grid": grid,
    "page-profile": page_profile,
    "detail": detail,
    "page-post": page_post,
    "like": like,
    "home": home,
    "page-home": page_home,
}
