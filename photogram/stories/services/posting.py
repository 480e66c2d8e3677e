"""Posting and deleting stories: a ready photo or video of one's own, shown to followers or close friends."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from photogram.accounts.models import User
from photogram.core.ids import decode, shard_for_owner
from photogram.core.ids.fields import next_id
from photogram.core.tasks import enqueue_on_commit
from photogram.media.models import MediaAttachment
from photogram.media.services.upload import MediaNotFound
from photogram.stories.models import StoryMedia
from photogram.stories.services import files
from photogram.stories.services.viewing import StoryNotFound
from photogram.stories.stores import StoryRef, story_stores
from photogram.stories.tasks import make_vertical_rendition

MAX_VIDEO_SECONDS = 60
AUDIENCES = ("followers", "close_friends")


class StoryRefused(Exception):
    """The story cannot be posted; the message says why, in words a person understands."""


def _check_media(media: MediaAttachment) -> None:
    if media.attached_at is not None:
        raise StoryRefused("This upload is already used by a post or a story; upload the file again.")
    if media.state == MediaAttachment.State.FAILED:
        raise StoryRefused(f"This upload could not be processed: {media.failure_reason}")
    if media.state != MediaAttachment.State.READY:
        raise StoryRefused("This upload is still being processed; post the story once it is ready.")
    if media.kind not in (MediaAttachment.Kind.IMAGE, MediaAttachment.Kind.VIDEO):
        raise StoryRefused("A story is a photo or a video; this upload is neither.")
    if media.kind == MediaAttachment.Kind.VIDEO and (media.duration_seconds or 0) > MAX_VIDEO_SECONDS:
        raise StoryRefused(
            f"A story's video may last at most {MAX_VIDEO_SECONDS} seconds; "
            f"this one lasts {round(media.duration_seconds or 0)} seconds."
        )


def post_story(author: User, media_id: int, audience: str = "followers") -> StoryRef:
    """Post a story of the upload `media_id` for `audience`; it lives for the store's lifetime (24 hours)."""
    if audience not in AUDIENCES:
        raise StoryRefused(f"The audience must be one of {', '.join(AUDIENCES)}.")
    store = story_stores.default
    with transaction.atomic():
        media = MediaAttachment.objects.select_for_update().filter(pk=media_id, owner=author).first()
        if media is None:
            raise MediaNotFound(media_id)
        _check_media(media)
        story_id = next_id(shard_for_owner(author.pk))
        story = StoryRef(story_id, author.pk, media.pk, audience, decode(story_id).created_at)
        media.attached_at = timezone.now()
        media.save(update_fields=["attached_at"])
        StoryMedia.objects.create(story_id=story_id, author=author, media=media, expires_at=store.expires_at(story))
        # Last, so a store that fails rolls the rest back; a commit that fails after it leaves a story whose
        # upload is not its own, which every read skips (its StoryMedia row is missing).
        store.add(story)
        enqueue_on_commit(make_vertical_rendition, media.pk)
    return story


def delete_story(author: User, story_id: int) -> None:
    """Take one's own live story down now; its files go unless a highlight keeps it."""
    store = story_stores.default
    story = store.get(story_id)
    if story is None or story.author_id != author.pk:
        raise StoryNotFound(story_id)
    store.remove(story)
    with transaction.atomic():
        ledger = StoryMedia.objects.select_for_update().filter(story_id=story_id).first()
        if ledger is not None:
            files.release(ledger)
