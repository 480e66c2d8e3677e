"""Reading stories: the tray, one account's stories, one story, seen marks and the author's viewers list.

Every read goes through `access.stories` (a story one may not see is answered as one that does not exist, and
looking at it records nothing), and skips a story whose upload is not its own (see posting.post_story).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from photogram.access.querysets import get_visible_account, visible_accounts
from photogram.access.stories import StoryFacts
from photogram.accounts.models import Follow, User
from photogram.media.models import MediaAttachment
from photogram.stories.models import StoryMedia
from photogram.stories.stores import StoryRef, story_stores


class StoryNotFound(LookupError):
    """No such live story, or one the viewer may not see (the two are indistinguishable on purpose)."""


@dataclass(frozen=True)
class StoryItem:
    """A live story as one viewer gets it."""

    ref: StoryRef
    media: MediaAttachment
    expires_at: datetime
    seen: bool


@dataclass(frozen=True)
class TrayEntry:
    """One account in a viewer's tray, with its live stories the viewer may see, oldest first (play order)."""

    account: User
    stories: list[StoryItem]

    @property
    def has_unseen(self) -> bool:
        return any(not item.seen for item in self.stories)

    @property
    def latest_id(self) -> int:
        return max(item.ref.id for item in self.stories)


def _items(viewer: User, stories: list[StoryRef]) -> list[StoryItem]:
    """Attach uploads and seen marks to stories (oldest first), leaving out any whose upload is not its own."""
    if not stories:
        return []
    store = story_stores.default
    owned = dict(
        StoryMedia.objects.filter(story_id__in=[story.id for story in stories]).values_list("story_id", "media_id")
    )
    media = MediaAttachment.objects.in_bulk([owned[story.id] for story in stories if story.id in owned])
    seen = store.seen_among(viewer.pk, [story.id for story in stories])
    return [
        StoryItem(story, media[story.media_id], store.expires_at(story), story.id in seen)
        for story in sorted(stories, key=lambda story: story.id)
        if owned.get(story.id) == story.media_id and story.media_id in media
    ]


def tray(viewer: User) -> list[TrayEntry]:
    """Return the accounts the viewer follows (not muted) with live stories they may see: those with unseen
    stories first, then by their latest story, newest first."""
    followed = list(Follow.objects.filter(follower=viewer).values_list("followee_id", flat=True))
    facts = StoryFacts.load(viewer, followed)
    live = story_stores.default.live_of([author for author in followed if facts.in_tray(author)])
    visible = [story for stories in live.values() for story in stories if facts.may_see(story)]
    by_author: dict[int, list[StoryItem]] = {}
    for item in _items(viewer, visible):
        by_author.setdefault(item.ref.author_id, []).append(item)
    accounts = User.objects.in_bulk(list(by_author))
    entries = [TrayEntry(accounts[author], items) for author, items in by_author.items() if author in accounts]
    return sorted(entries, key=lambda entry: (not entry.has_unseen, -entry.latest_id))


def stories_of(viewer: User, account_id: int) -> tuple[User, list[StoryItem]]:
    """Return an account (AccountNotFound unless visible) and its live stories the viewer may see."""
    account = get_visible_account(viewer, account_id)
    facts = StoryFacts.load(viewer, [account.pk])
    stories = story_stores.default.live_of([account.pk]).get(account.pk, [])
    return account, _items(viewer, [story for story in stories if facts.may_see(story)])


def get_story(viewer: User, story_id: int) -> StoryItem:
    """Return a live story the viewer may see, else raise StoryNotFound."""
    story = story_stores.default.get(story_id)
    if story is None or not StoryFacts.load(viewer, [story.author_id]).may_see(story):
        raise StoryNotFound(story_id)
    items = _items(viewer, [story])
    if not items:
        raise StoryNotFound(story_id)
    return items[0]


def mark_seen(viewer: User, story_id: int) -> StoryItem:
    """Record that the viewer saw a story (its author's own looks are not counted); return it as seen."""
    item = get_story(viewer, story_id)
    if viewer.pk != item.ref.author_id:
        story_stores.default.mark_seen(viewer.pk, item.ref, timezone.now())
    return StoryItem(item.ref, item.media, item.expires_at, True)


def viewers(author: User, story_id: int) -> list[tuple[User, datetime]]:
    """Return who saw one's own live story and when, latest first (others' stories: StoryNotFound)."""
    store = story_stores.default
    story = store.get(story_id)
    if story is None or story.author_id != author.pk:
        raise StoryNotFound(story_id)
    views = store.viewers(story)
    # Only accounts the author may still see: a viewer who blocked them since is not shown.
    accounts = visible_accounts(author).in_bulk([view.viewer_id for view in views])
    return [(accounts[view.viewer_id], view.seen_at) for view in views if view.viewer_id in accounts]
