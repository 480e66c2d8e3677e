"""Trends: the hashtags and posts many people took up lately.

One ranking for everybody, computed by `refresh` (a periodic task on the full profile) and kept in Django's
cache (Redis there); whoever finds it missing computes it the same way, so trends never depend on the task
having run (the embedded profile has no beat). Only public posts (not comments) of unlocked, unsuspended,
active accounts are counted, so nothing trends that not everybody may see; each answer is then filtered for
its viewer through `photogram.access` (blocks either way, mutes, and whatever changed since the ranking).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from typing import TypedDict

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from photogram.access.querysets import visible_statuses, without_muted
from photogram.accounts.models import User
from photogram.core.ids.layout import lowest_id_at
from photogram.posts.models import Favourite, Status, StatusTag, Tag

logger = logging.getLogger(__name__)

# A hashtag trends by how many different accounts used it lately; two at least, or it is one person's habit.
TAG_WINDOW = timedelta(days=3)
TAG_MIN_ACCOUNTS = 2
# A post trends by how many different people liked or commented on it lately, among this week's posts.
POST_WINDOW = timedelta(days=7)
ENGAGEMENT_WINDOW = timedelta(days=2)
# How many of each the ranking keeps: what clients page through (offset and limit), with room for filtering.
KEPT = 200
CACHE_KEY = "discovery:trends:1"
# The beat refreshes every 10 minutes (CELERY_BEAT_SCHEDULE); an entry outlives one missed run, no more.
CACHE_SECONDS = 15 * 60

# The posts that may trend, and whose hashtags count: public posts by public accounts in good standing.
TRENDABLE = Q(
    visibility=Status.Visibility.PUBLIC,
    in_reply_to__isnull=True,
    author__locked=False,
    author__suspended_at__isnull=True,
    author__is_active=True,
)


class Ranking(TypedDict):
    tags: list[int]
    statuses: list[int]


def rank() -> Ranking:
    """Rank the trending hashtags and posts now."""
    return {"tags": _rank_tags(), "statuses": _rank_statuses()}


def refresh() -> Ranking:
    """Rank the trending hashtags and posts and keep the ranking for every process to read.

    A cache that is down fails the call: the periodic task's failure is then seen, not swallowed.
    """
    ranking = rank()
    cache.set(CACHE_KEY, ranking, CACHE_SECONDS)
    return ranking


def current() -> Ranking:
    """Return the kept ranking, ranking (and keeping) it first if there is none: expired, flushed, never made.

    A cache that is down costs only the queries: the ranking is made for this request.
    """
    try:
        ranking: Ranking | None = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("cache unavailable; trends ranked for this request alone", exc_info=True)
        return rank()
    if ranking is not None:
        return ranking
    ranking = rank()
    try:
        cache.set(CACHE_KEY, ranking, CACHE_SECONDS)
    except Exception:
        logger.warning("cache unavailable; the trends ranking was not kept", exc_info=True)
    return ranking


def _trendable() -> QuerySet[Status]:
    return Status.objects.filter(TRENDABLE)


def _rank_tags() -> list[int]:
    recent = _trendable().filter(created_at__gte=timezone.now() - TAG_WINDOW)
    rows = (
        StatusTag.objects.filter(status__in=recent)
        .values("tag_id")
        .annotate(accounts=Count("status__author_id", distinct=True), uses=Count("status_id"), last=Max("status_id"))
        .filter(accounts__gte=TAG_MIN_ACCOUNTS)
        .order_by("-accounts", "-uses", "-last")
    )
    return [row["tag_id"] for row in rows[:KEPT]]


def _rank_statuses() -> list[int]:
    since = timezone.now() - ENGAGEMENT_WINDOW
    posts = _trendable().filter(created_at__gte=timezone.now() - POST_WINDOW)
    people = User.objects.filter(suspended_at__isnull=True, is_active=True)
    # Likes carry no date of their own; their time-sortable ids do.
    likers = (
        Favourite.objects.filter(status__in=posts, id__gte=lowest_id_at(since), account__in=people)
        .exclude(account_id=F("status__author_id"))
        .values("status_id")
        .annotate(people=Count("account_id", distinct=True))
        .order_by("-people")
    )
    commenters = (
        Status.objects.filter(in_reply_to__in=posts, created_at__gte=since, author__in=people)
        .exclude(author_id=F("in_reply_to__author_id"))
        .values("in_reply_to_id")
        .annotate(people=Count("author_id", distinct=True))
        .order_by("-people")
    )
    # Only each list's head is summed: a bounded read, at the price of missing a post just below both heads.
    scores: Counter[int] = Counter()
    for row in likers[:KEPT]:
        scores[row["status_id"]] += row["people"]
    for row in commenters[:KEPT]:
        scores[row["in_reply_to_id"]] += row["people"]
    ranked = sorted(scores, key=lambda status_id: (scores[status_id], status_id), reverse=True)
    return ranked[:KEPT]


def trending_tags(offset: int, limit: int) -> list[Tag]:
    """Return the trending hashtags, most used first, from `offset`."""
    wanted = current()["tags"][offset : offset + limit]
    found = Tag.objects.in_bulk(wanted)
    return [found[tag_id] for tag_id in wanted if tag_id in found]


def trending_status_ids(viewer: User | None, offset: int, limit: int) -> list[int]:
    """Return the ids of the trending posts the viewer may see and does not mute, most engaging first."""
    ranked = current()["statuses"]
    shown = without_muted(visible_statuses(viewer), viewer).filter(TRENDABLE, pk__in=ranked)
    allowed = set(shown.values_list("pk", flat=True))
    return [status_id for status_id in ranked if status_id in allowed][offset : offset + limit]
