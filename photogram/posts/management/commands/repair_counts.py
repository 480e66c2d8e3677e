"""Recompute every stored count from the rows it counts, and drop the counter store's copies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count, Model, QuerySet

from photogram.accounts.models import Follow, User
from photogram.core.counters.tracked import recount
from photogram.posts.models import Bookmark, Favourite, Status

CHUNK = 1000


def _chunks(model: type[Model]) -> Iterator[list[int]]:
    last = None
    while True:
        rows = model._default_manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        pks = list(rows.values_list("pk", flat=True)[:CHUNK])
        if not pks:
            return
        yield pks
        last = pks[-1]


def _grouped(rows: QuerySet[Any], by: str, into: dict[int, dict[str, int]], name: str) -> None:
    for key, total in rows.values(by).annotate(total=Count("pk")).values_list(by, "total"):
        into[key][name] = total


def user_counts(pks: list[int]) -> dict[int, dict[str, int]]:
    """Return the follower, following and post counts of these accounts, counted from the rows."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    _grouped(Follow.objects.filter(followee_id__in=pks), "followee_id", counts, "followers_count")
    _grouped(Follow.objects.filter(follower_id__in=pks), "follower_id", counts, "following_count")
    posts = Status.objects.filter(author_id__in=pks, in_reply_to__isnull=True)
    _grouped(posts, "author_id", counts, "statuses_count")
    return counts


def status_counts(pks: list[int]) -> dict[int, dict[str, int]]:
    """Return the comment, like and save counts of these posts, counted from the rows."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    _grouped(Status.objects.filter(in_reply_to_id__in=pks), "in_reply_to_id", counts, "replies_count")
    _grouped(Favourite.objects.filter(status_id__in=pks), "status_id", counts, "favourites_count")
    _grouped(Bookmark.objects.filter(status_id__in=pks), "status_id", counts, "saves_count")
    return counts


class Command(BaseCommand):
    help = "Recompute follower, following, post, comment, like and save counts from the rows, in chunks."

    def handle(self, *args: Any, **options: Any) -> None:
        for model, count in ((User, user_counts), (Status, status_counts)):
            rows = corrected = 0
            for pks in _chunks(model):
                corrected += recount(model, pks, count(pks))
                rows += len(pks)
            label = model._meta.verbose_name_plural
            self.stdout.write(f"{label}: {rows} checked, {corrected} corrected")
