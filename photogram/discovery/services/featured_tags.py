"""Hashtags people feature on their profile, with how often they used each in posts everybody may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from photogram.access.rules import OPEN
from photogram.accounts.models import User
from photogram.discovery.models import FeaturedTag
from photogram.posts.models import StatusTag, Tag
from photogram.posts.services import tags

MAX_FEATURED_TAGS = 10  # Mastodon's limit
SUGGESTED = 10


class FeaturedTagNotFound(LookupError):
    """No such featured hashtag of the caller's."""


class FeatureRefused(Exception):
    """The hashtag cannot be featured; the message says why."""


@dataclass(frozen=True)
class FeaturedTagUse:
    """A featured hashtag and its use in the account's public and unlisted posts."""

    featured: FeaturedTag
    statuses_count: int
    last_status_at: datetime | None


def feature(actor: User, name: str) -> FeaturedTag:
    """Feature the hashtag `name` on the actor's profile (featuring it again changes nothing)."""
    try:
        canonical = tags.normalise(name)
    except tags.TagNotFound:
        raise FeatureRefused("Tag is invalid") from None
    with transaction.atomic():
        # The account's row orders concurrent calls, so two of them cannot both take the last place.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        tag, _ = Tag.objects.get_or_create(name=canonical)
        existing = FeaturedTag.objects.filter(account=actor, tag=tag).first()
        if existing is not None:
            return existing
        if FeaturedTag.objects.filter(account=actor).count() >= MAX_FEATURED_TAGS:
            raise FeatureRefused(f"You can feature at most {MAX_FEATURED_TAGS} hashtags")
        try:
            with transaction.atomic():
                return FeaturedTag.objects.create(account=actor, tag=tag)
        except IntegrityError:
            return FeaturedTag.objects.get(account=actor, tag=tag)


def unfeature(actor: User, featured_id: int) -> None:
    """Stop featuring one of the actor's featured hashtags, by its id."""
    deleted, _ = FeaturedTag.objects.filter(pk=featured_id, account=actor).delete()
    if not deleted:
        raise FeaturedTagNotFound(featured_id)


def unfeature_name(actor: User, name: str) -> Tag:
    """Stop featuring the hashtag `name` (one not featured: no change); return it."""
    tag = tags.find(name)
    if tag is None:
        raise tags.TagNotFound(name)
    FeaturedTag.objects.filter(account=actor, tag=tag).delete()
    return tag


def featuring_ids(viewer: User | None, found: list[Tag]) -> set[int]:
    """Return which of `found` the viewer features, in one query."""
    if viewer is None or not found:
        return set()
    return set(FeaturedTag.objects.filter(account=viewer, tag__in=found).values_list("tag_id", flat=True))


def featured_of(account: User) -> list[FeaturedTagUse]:
    """Return the account's featured hashtags, most used first, counted in two queries.

    Only posts (not comments) that everybody may see count, so neither number tells anything of the rest.
    """
    featured = list(FeaturedTag.objects.filter(account=account).select_related("tag"))
    used = {
        row["tag_id"]: row
        for row in StatusTag.objects.filter(
            tag__in=[row.tag_id for row in featured],
            status__author=account,
            status__visibility__in=OPEN,
            status__in_reply_to__isnull=True,
        )
        .values("tag_id")
        .annotate(count=Count("status_id"), last=Max("status__created_at"))
    }
    uses = [
        FeaturedTagUse(row, used.get(row.tag_id, {}).get("count", 0), used.get(row.tag_id, {}).get("last"))
        for row in featured
    ]
    return sorted(uses, key=lambda use: (-use.statuses_count, use.featured.tag.name))


def suggestions(actor: User) -> list[Tag]:
    """Return the hashtags the actor used most (latest use breaking ties) and does not feature yet."""
    used = (
        Tag.objects.filter(status_links__status__author=actor)
        .exclude(featured_by__account=actor)
        .annotate(uses=Count("status_links"), last=Max("status_links__status_id"))
        .order_by("-uses", "-last")
    )
    return list(used[:SUGGESTED])
