"""Publishing and editing a post from the web: its uploads, their descriptions and the caption at once.

The page uploads first and publishes later, so the uploads' descriptions travel with the post and are
saved in the same transaction: a refused post changes nothing. The refusals name items by their place in
the carousel ("item 2"), which is what the person sees; the API's publishing names them by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from photogram.accounts.models import User
from photogram.media.models import MediaAttachment
from photogram.media.services.upload import DESCRIPTION_MAX
from photogram.media.signals import media_changed
from photogram.posts.models import Status
from photogram.posts.services.editing import Changes, edit
from photogram.posts.services.publishing import PublishRefused, publish


def _check_ready(author: User, media_ids: Sequence[int]) -> None:
    """Refuse, naming the item, an upload that is still being processed or could not be."""
    rows = MediaAttachment.objects.filter(pk__in=media_ids, owner=author).values_list("pk", "state", "failure_reason")
    found = {media_id: (state, reason) for media_id, state, reason in rows}
    for place, media_id in enumerate(media_ids, start=1):
        if media_id not in found:
            raise PublishRefused(f"Item {place} is not one of your uploads.")
        state, reason = found[media_id]
        if state in {MediaAttachment.State.PENDING, MediaAttachment.State.PROCESSING}:
            raise PublishRefused(f"Item {place} is still being processed; share again in a moment.")
        if state == MediaAttachment.State.FAILED:
            raise PublishRefused(f"Item {place} could not be used: {reason} Remove it to share the rest.")


def publish_uploads(
    author: User,
    caption: str,
    media_ids: Sequence[int],
    descriptions: Mapping[int, str],
    *,
    visibility: str,
    idempotency_key: str,
) -> Status:
    """Describe the author's uploads and publish them as one post; the same key publishes one post only."""
    with transaction.atomic():
        existing = Status.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
        for place, media_id in enumerate(media_ids, start=1):
            if len(descriptions.get(media_id, "")) > DESCRIPTION_MAX:
                raise PublishRefused(f"The description of item {place} is longer than {DESCRIPTION_MAX} characters.")
        _check_ready(author, media_ids)
        described = [media_id for media_id in media_ids if media_id in descriptions]
        for media_id in described:
            MediaAttachment.objects.filter(pk=media_id, owner=author, attached_at__isnull=True).update(
                description=descriptions[media_id].strip()
            )
        status = publish(author, caption, media_ids, visibility=visibility, idempotency_key=idempotency_key)
        if described:
            media_changed.send(sender=MediaAttachment, media_ids=described)
    return status


def edit_post(author: User, status_id: int, caption: str, descriptions: Mapping[int, str]) -> Status:
    """Change a post's caption (a new version in its history) and its photos' descriptions, in one transaction.

    Raise StatusNotFound, EditRefused (not the author's), or PublishRefused (a limit broken).
    """
    with transaction.atomic():
        status = edit(author, status_id, Changes(caption=caption))
        shown = list(
            MediaAttachment.objects.filter(status_link__status=status, owner=author).order_by("status_link__position")
        )
        changed = []
        for place, media in enumerate(shown, start=1):
            text = descriptions.get(media.pk)
            if text is None or text.strip() == media.description:
                continue
            if len(text) > DESCRIPTION_MAX:
                raise PublishRefused(f"The description of item {place} is longer than {DESCRIPTION_MAX} characters.")
            media.description = text.strip()
            media.save(update_fields=["description"])
            changed.append(media.pk)
        if changed:
            media_changed.send(sender=MediaAttachment, media_ids=changed)
    return status
