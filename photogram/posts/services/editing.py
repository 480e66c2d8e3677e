"""Editing a post, keeping every version it had (Mastodon's edit history)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from photogram.access.querysets import StatusNotFound
from photogram.accounts.models import User
from photogram.core.tasks import enqueue_on_commit
from photogram.media.models import MediaAttachment
from photogram.notifications.services import hooks as notify
from photogram.posts.models import Status, StatusEdit, StatusMedia
from photogram.posts.services.publishing import (
    PublishRefused,
    check_media,
    check_text,
    discard_media,
    link_mentions_and_tags,
)
from photogram.streaming import tasks as streaming_tasks


class EditRefused(PermissionError):
    """Someone other than the author tried to edit a post (answered as 403)."""


@dataclass(frozen=True)
class Changes:
    """What an edit sets; None leaves a field as it is."""

    caption: str | None = None
    media_ids: Sequence[int] | None = None
    spoiler_text: str | None = None
    sensitive: bool | None = None
    language: str | None = None
    location: str | None = None
    comments_enabled: bool | None = None


def _version(status: Status, media_ids: list[int], moment: datetime) -> StatusEdit:
    return StatusEdit(
        status=status,
        caption=status.caption,
        spoiler_text=status.spoiler_text,
        sensitive=status.sensitive,
        location=status.location,
        media_ids=media_ids,
        created_at=moment,
    )


def edit(actor: User, status_id: int, changes: Changes) -> Status:
    """Apply `changes` to the actor's post or comment and record the new version; raise PublishRefused."""
    with transaction.atomic():
        status = Status.objects.select_for_update().filter(pk=status_id).select_related("author").first()
        if status is None:
            raise StatusNotFound(status_id)
        if status.author_id != actor.pk:
            raise EditRefused(status_id)
        current_media = list(StatusMedia.objects.filter(status=status).values_list("media_id", flat=True))
        before = (status.caption, status.spoiler_text, status.sensitive, status.location, current_media)
        original = _version(status, current_media, status.created_at)
        status.caption = changes.caption if changes.caption is not None else status.caption
        status.spoiler_text = changes.spoiler_text if changes.spoiler_text is not None else status.spoiler_text
        status.sensitive = changes.sensitive if changes.sensitive is not None else status.sensitive
        status.language = changes.language if changes.language is not None else status.language
        status.location = changes.location if changes.location is not None else status.location
        if changes.comments_enabled is not None:
            status.comments_enabled = changes.comments_enabled
        check_text(status.caption, status.spoiler_text, status.language, status.location)
        new_media = list(changes.media_ids) if changes.media_ids is not None else current_media
        media = check_media(actor, new_media, reply=status.in_reply_to_id is not None, status=status)
        if not status.caption.strip() and not media:
            raise PublishRefused("A comment can't be blank")
        after = (status.caption, status.spoiler_text, status.sensitive, status.location, new_media)
        status.revision += 1  # under the row lock taken above, so concurrent edits each move it
        if after == before:
            status.save(update_fields=["language", "comments_enabled", "revision"])
            return status
        now = timezone.now()
        if not StatusEdit.objects.filter(status=status).exists():
            original.save()  # the first edit keeps the post as it was published, as Mastodon does
        status.edited_at = now
        status.save(
            update_fields=[
                "caption",
                "spoiler_text",
                "sensitive",
                "language",
                "location",
                "comments_enabled",
                "edited_at",
                "revision",
            ]
        )
        if new_media != current_media:
            _replace_media(status, media, removed=[pk for pk in current_media if pk not in new_media])
        if status.caption != before[0]:
            link_mentions_and_tags(status, replacing=True)
        _version(status, new_media, now).save()
        notify.edited(status)
        enqueue_on_commit(streaming_tasks.publish_edit, status.pk)
    return status


def _replace_media(status: Status, media: list[MediaAttachment], *, removed: list[int]) -> None:
    StatusMedia.objects.filter(status=status).delete()
    StatusMedia.objects.bulk_create(
        StatusMedia(status=status, media=item, position=position) for position, item in enumerate(media)
    )
    MediaAttachment.objects.filter(pk__in=[item.pk for item in media], attached_at__isnull=True).update(
        attached_at=timezone.now()
    )
    discard_media(MediaAttachment.objects.filter(pk__in=removed))
