"""What the instance says about itself: its rules, its long description, and how much it is used."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.cache import caches
from django.db.models import Q, QuerySet
from django.utils import timezone
from oauth2_provider.models import AccessToken

from photogram.accounts.models import User
from photogram.feeds.models import FeedState
from photogram.posts.models import Status
from photogram.server.models import ExtendedDescription, Rule

logger = logging.getLogger(__name__)
T = TypeVar("T")

ACTIVITY_WEEKS = 12
# Counting twelve weeks takes tens of queries: served from the cache for this long, as Mastodon does too.
ACTIVITY_TTL = timedelta(hours=1)
ACTIVITY_KEY = "instance-activity:1"


def rules() -> list[Rule]:
    """Return the rules in the admins' order."""
    return list(Rule.objects.all())


def extended_description() -> ExtendedDescription | None:
    """Return the long description, None while no admin has written one."""
    return ExtendedDescription.objects.order_by("pk").first()


def members() -> QuerySet[User]:
    """Return the accounts that count as this instance's users: neither suspended nor deactivated."""
    return User.objects.filter(suspended_at__isnull=True, is_active=True)


def seen_between(start: datetime, end: datetime) -> QuerySet[User]:
    """Return the members seen in [start, end): a web sign-in, an app's token granted, or their feed read.

    Each of these rows keeps its latest moment only, so a week long past counts the people last seen in it.
    """
    return members().filter(
        Q(last_login__gte=start, last_login__lt=end)
        | Q(pk__in=AccessToken.objects.filter(created__gte=start, created__lt=end).values("user_id"))
        | Q(pk__in=FeedState.objects.filter(last_read_at__gte=start, last_read_at__lt=end).values("owner_id"))
    )


def active_users(days: int) -> int:
    """Return how many members were seen in the last `days` days."""
    now = timezone.now()
    return seen_between(now - timedelta(days=days), now + timedelta(seconds=1)).count()


def local_posts() -> int:
    """Return how many posts (comments included) the members have published."""
    return Status.objects.filter(author__suspended_at__isnull=True).count()


@dataclass(frozen=True)
class Week:
    starts: datetime
    statuses: int
    logins: int
    registrations: int


def _cached(key: str, ttl: timedelta, make: Callable[[], T]) -> T:
    """Return the cached value of `key`, else make and keep it; a cache that is down costs only the making."""
    cache = caches["default"]
    try:
        cached: T | None = cache.get(key)
    except Exception:
        logger.warning("cache unavailable; %s counted from the database", key, exc_info=True)
        return make()
    if cached is not None:
        return cached
    made = make()
    try:
        cache.set(key, made, timeout=int(ttl.total_seconds()))
    except Exception:
        logger.warning("cache unavailable; %s not kept", key, exc_info=True)
    return made


def activity() -> list[Week]:
    """Return the last twelve weeks (Monday 00:00 UTC to Monday), this one first (kept ACTIVITY_TTL)."""
    return _cached(ACTIVITY_KEY, ACTIVITY_TTL, lambda: _activity(timezone.now()))


def _activity(moment: datetime) -> list[Week]:
    monday = (moment - timedelta(days=moment.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    weeks = []
    for back in range(ACTIVITY_WEEKS):
        start = monday - timedelta(weeks=back)
        end = start + timedelta(weeks=1)
        weeks.append(
            Week(
                starts=start,
                statuses=Status.objects.filter(created_at__gte=start, created_at__lt=end).count(),
                logins=seen_between(start, end).count(),
                registrations=User.objects.filter(date_joined__gte=start, date_joined__lt=end).count(),
            )
        )
    return weeks


@dataclass(frozen=True)
class Usage:
    users: int
    active_month: int
    active_halfyear: int
    local_posts: int


# Counting every post is a scan on PostgreSQL; apps ask at each start, so the answer is kept a while.
USAGE_TTL = timedelta(minutes=30)
USAGE_KEY = "instance-usage:1"


def usage() -> Usage:
    """Return how many members there are, how many were seen in the last 30 and 180 days, and their posts."""
    return _cached(
        USAGE_KEY,
        USAGE_TTL,
        lambda: Usage(
            users=members().count(),
            active_month=active_users(30),
            active_halfyear=active_users(180),
            local_posts=local_posts(),
        ),
    )
