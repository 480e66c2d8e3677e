"""Highlights: one's live stories copied into named, ordered collections on the profile, kept for good.

A story joins a highlight while it lives (its reference is copied out of the TTL store, and its upload is
held); it stays after it expires. Taking it out, or deleting the highlight, lets the upload go once no
highlight shows it and its story has ended. Who sees a highlight: whoever may browse the owner's grid, and of
a close-friends story only the owner's close friends (as the story itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from photogram.access.querysets import get_visible_account, grid_visible
from photogram.access.stories import StoryFacts
from photogram.accounts.models import User
from photogram.stories.models import Highlight, HighlightItem, StoryMedia
from photogram.stories.services import files
from photogram.stories.stores import StoryRef, story_stores

MAX_TITLE_LENGTH = 50
MAX_HIGHLIGHTS = 100
MAX_ITEMS = 100


class HighlightNotFound(LookupError):
    """No such highlight of one's own (another's looks the same as none)."""


class HighlightRefused(Exception):
    """The highlight cannot be made or changed so; the message says why."""


@dataclass(frozen=True)
class ShownHighlight:
    """A highlight with the items one viewer may see, in order."""

    highlight: Highlight
    items: list[HighlightItem]


def _title(title: str) -> str:
    cleaned = title.strip()
    if not cleaned:
        raise HighlightRefused("A highlight needs a title.")
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise HighlightRefused(f"The title is too long (maximum is {MAX_TITLE_LENGTH} characters).")
    return cleaned


def _own(owner: User, highlight_id: int) -> Highlight:
    highlight = Highlight.objects.select_for_update().filter(pk=highlight_id, owner=owner).first()
    if highlight is None:
        raise HighlightNotFound(highlight_id)
    return highlight


def _add(highlight: Highlight, story_id: int) -> None:
    story = story_stores.default.get(story_id)
    # The ledger row, locked: the expiry cannot release the upload while it is being taken into the highlight.
    ledger = StoryMedia.objects.select_for_update().filter(story_id=story_id).first()
    if story is None or story.author_id != highlight.owner_id or ledger is None:
        raise HighlightRefused(f"No live story {story_id} of yours to add.")
    if HighlightItem.objects.filter(highlight=highlight, story_id=story_id).exists():
        return
    items = HighlightItem.objects.filter(highlight=highlight)
    if items.count() >= MAX_ITEMS:
        raise HighlightRefused(f"A highlight holds at most {MAX_ITEMS} stories.")
    HighlightItem.objects.create(
        highlight=highlight,
        story_id=story.id,
        media_id=ledger.media_id,
        audience=story.audience,
        story_created_at=story.created_at,
        position=(items.aggregate(last=Max("position"))["last"] or 0) + 1,
    )


def create(owner: User, title: str, story_ids: Sequence[int]) -> Highlight:
    """Make a highlight, last on the owner's profile, of some of their live stories (at least one)."""
    if not story_ids:
        raise HighlightRefused("A highlight starts with at least one of your live stories.")
    with transaction.atomic():
        existing = Highlight.objects.select_for_update().filter(owner=owner)
        if existing.count() >= MAX_HIGHLIGHTS:
            raise HighlightRefused(f"You can have at most {MAX_HIGHLIGHTS} highlights.")
        position = (existing.aggregate(last=Max("position"))["last"] or 0) + 1
        highlight = Highlight.objects.create(owner=owner, title=_title(title), position=position)
        for story_id in dict.fromkeys(story_ids):
            _add(highlight, story_id)
    return highlight


def add_story(owner: User, highlight_id: int, story_id: int) -> Highlight:
    """Add one's live story to the end of one's highlight (again: nothing changes)."""
    with transaction.atomic():
        highlight = _own(owner, highlight_id)
        _add(highlight, story_id)
    return highlight


def remove_story(owner: User, highlight_id: int, story_id: int) -> Highlight:
    """Take a story out of one's highlight; its upload goes if nothing else keeps it."""
    with transaction.atomic():
        highlight = _own(owner, highlight_id)
        item = HighlightItem.objects.filter(highlight=highlight, story_id=story_id).first()
        if item is None:
            raise HighlightNotFound(highlight_id)
        item.delete()
        files.unhighlighted(item.media_id)
    return highlight


def update(owner: User, highlight_id: int, *, title: str | None = None, position: int | None = None) -> Highlight:
    """Rename one's highlight and/or move it to `position` (1 is first) on the profile."""
    with transaction.atomic():
        highlight = _own(owner, highlight_id)
        if title is not None:
            highlight.title = _title(title)
            highlight.save(update_fields=["title"])
        if position is not None:
            ordered = [
                row for row in Highlight.objects.select_for_update().filter(owner=owner) if row.pk != highlight.pk
            ]
            ordered.insert(max(0, min(position - 1, len(ordered))), highlight)
            for index, row in enumerate(ordered, start=1):
                if row.position != index:
                    row.position = index
                    row.save(update_fields=["position"])
    return highlight


def delete(owner: User, highlight_id: int) -> None:
    """Delete one's highlight; the uploads of ended stories it alone kept go with it."""
    with transaction.atomic():
        highlight = _own(owner, highlight_id)
        media_ids = list(HighlightItem.objects.filter(highlight=highlight).values_list("media_id", flat=True))
        highlight.delete()
        for media_id in media_ids:
            files.unhighlighted(media_id)


def own(owner: User, highlight_id: int) -> ShownHighlight:
    """Return one's own highlight with all its items."""
    highlight = Highlight.objects.filter(pk=highlight_id, owner=owner).first()
    if highlight is None:
        raise HighlightNotFound(highlight_id)
    return ShownHighlight(highlight, list(highlight.items.select_related("media")))


def of_account(viewer: User, account_id: int) -> list[ShownHighlight]:
    """Return an account's highlights as the viewer may see them (AccountNotFound unless visible)."""
    account = get_visible_account(viewer, account_id)
    if not grid_visible(viewer, account):
        return []
    facts = StoryFacts.load(viewer, [account.pk])
    shown = []
    for highlight in Highlight.objects.filter(owner=account).prefetch_related("items__media"):
        items = [
            item
            for item in highlight.items.all()
            if facts.may_see(StoryRef(item.story_id, account.pk, item.media_id, item.audience, item.story_created_at))
        ]
        if items or viewer.pk == account.pk:
            shown.append(ShownHighlight(highlight, items))
    return shown
