"""Explore: recent popular public posts from people the viewer does not follow yet."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from photogram.access.querysets import visible_statuses
from photogram.accounts.models import Follow, Mute, User
from photogram.posts.models import Status

# How far back explore looks: popular this week, not popular ever.
WINDOW = timedelta(days=7)


def public_posts(viewer: User | None, *, only_media: bool = False) -> QuerySet[Status]:
    """Return the public posts (not comments) the viewer may see, less those of accounts they mute."""
    posts = visible_statuses(viewer).filter(visibility=Status.Visibility.PUBLIC, in_reply_to__isnull=True)
    if viewer is not None:
        posts = posts.exclude(author_id__in=Mute.objects.filter(muter=viewer).values("muted_id"))
    if only_media:
        posts = posts.filter(media_links__isnull=False).distinct()
    return posts


def explore_posts(viewer: User | None) -> QuerySet[Status]:
    """Return this week's public posts ranked by likes and comments, leaving out the viewer's own follows."""
    posts = public_posts(viewer).filter(created_at__gte=timezone.now() - WINDOW)
    if viewer is not None:
        followed = Follow.objects.filter(follower=viewer).values("followee_id")
        posts = posts.exclude(author_id__in=followed).exclude(author=viewer)
    return posts.annotate(score=F("favourites_count") + F("replies_count")).order_by("-score", "-id")
