"""Announcements: which are showing, who has read them, and the reactions people leave on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from photogram.accounts.models import User
from photogram.server.models import Announcement, AnnouncementDismissal, AnnouncementReaction, CustomEmoji
from photogram.server.services import unicode_emoji

# Mastodon's bound: an announcement collects at most this many different reactions.
MAX_REACTION_NAMES = 8


class AnnouncementNotFound(Exception):
    """No announcement is showing under that id (never published, withdrawn, not started or ended)."""


class ReactionRefused(Exception):
    """The reaction is not one an announcement can take; the message says why."""


def showing(now: datetime | None = None) -> QuerySet[Announcement]:
    """Return the announcements shown at `now` (default: this moment): published, started and not ended."""
    now = now or timezone.now()
    return Announcement.objects.filter(
        Q(starts_at__isnull=True) | Q(starts_at__lte=now),
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        published=True,
    ).order_by("published_at", "id")


def _showing(announcement_id: int) -> Announcement:
    found = showing().filter(pk=announcement_id).first()
    if found is None:
        raise AnnouncementNotFound(announcement_id)
    return found


@dataclass
class ReactionCount:
    name: str
    count: int
    me: bool
    custom_emoji: str | None  # the shortcode, for a custom emoji


@dataclass
class ViewerState:
    """What a page of announcements shows one person: what they have read, and the reactions."""

    read: set[int] = field(default_factory=set)
    reactions: dict[int, list[ReactionCount]] = field(default_factory=dict)


def state_for(viewer: User, announcements: list[Announcement]) -> ViewerState:
    """Return what `viewer` has read and the reactions of `announcements`, in two queries whatever their number."""
    ids = [announcement.pk for announcement in announcements]
    state = ViewerState()
    if not ids:
        return state
    state.read = set(
        AnnouncementDismissal.objects.filter(account=viewer, announcement_id__in=ids).values_list(
            "announcement_id", flat=True
        )
    )
    rows = (
        AnnouncementReaction.objects.filter(announcement_id__in=ids)
        .values("announcement_id", "name", "custom_emoji__shortcode")
        .annotate(count=Count("id"), mine=Count("id", filter=Q(account=viewer)), first=Min("id"))
        .order_by("announcement_id", "first")
    )
    for row in rows:
        state.reactions.setdefault(row["announcement_id"], []).append(
            ReactionCount(row["name"], row["count"], row["mine"] > 0, row["custom_emoji__shortcode"])
        )
    return state


def dismiss(viewer: User, announcement_id: int) -> None:
    """Mark the announcement read by `viewer` (again: no change)."""
    announcement = _showing(announcement_id)
    AnnouncementDismissal.objects.get_or_create(account=viewer, announcement=announcement)


def react(viewer: User, announcement_id: int, name: str) -> None:
    """Add `viewer`'s reaction `name` (a Unicode emoji or a custom emoji's shortcode); again: no change."""
    announcement = _showing(announcement_id)
    custom = CustomEmoji.objects.filter(shortcode=name, disabled=False).first()
    if custom is None and not unicode_emoji.is_emoji(name):
        raise ReactionRefused("Name is not a recognized emoji")
    reactions = AnnouncementReaction.objects.filter(announcement=announcement)
    if reactions.filter(account=viewer, name=name).exists():
        return
    if not reactions.filter(name=name).exists():
        names = reactions.values("name").distinct().count()
        if names >= MAX_REACTION_NAMES:
            raise ReactionRefused(f"An announcement takes at most {MAX_REACTION_NAMES} different reactions")
    try:
        with transaction.atomic():
            AnnouncementReaction.objects.create(
                announcement=announcement, account=viewer, name=name, custom_emoji=custom
            )
    except IntegrityError:
        pass  # the same reaction, sent twice at once: one row, as if sent once


def unreact(viewer: User, announcement_id: int, name: str) -> None:
    """Take back `viewer`'s reaction `name` (one never left: no change)."""
    announcement = _showing(announcement_id)
    AnnouncementReaction.objects.filter(announcement=announcement, account=viewer, name=name).delete()
