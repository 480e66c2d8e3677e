"""Accepting an upload: the checks that are cheap enough to answer at once, then a record and a task."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from photogram.accounts.models import User
from photogram.core.tasks import enqueue_on_commit
from photogram.media.models import MediaAttachment
from photogram.media.processing.sniff import sniff
from photogram.media.processing.types import MediaRefused
from photogram.media.signals import media_changed
from photogram.media.tasks import process_media

DESCRIPTION_MAX = 1500


@dataclass(frozen=True)
class Focus:
    x: float
    y: float


def parse_focus(text: str | None) -> Focus:
    """Return the focal point from Mastodon's "x,y" (each between -1.0 and 1.0), or refuse it."""
    if not text:
        return Focus(0.0, 0.0)
    try:
        x_text, y_text = text.split(",")
        focus = Focus(float(x_text), float(y_text))
    except ValueError:
        raise MediaRefused('The focus must be two numbers "x,y" between -1.0 and 1.0.') from None
    if not (-1.0 <= focus.x <= 1.0 and -1.0 <= focus.y <= 1.0):
        raise MediaRefused('The focus must be two numbers "x,y" between -1.0 and 1.0.')
    return focus


def _limit_for(content_type: str) -> int:
    limits = settings.CONTENT_LIMITS
    return int(limits["video_size_limit"] if content_type.startswith("video/") else limits["image_size_limit"])


def parse_crop(text: str) -> MediaAttachment.Crop:
    """Return the named crop ("" for the original shape, "1:1", "4:5", "1.91:1"), or refuse it."""
    if text not in MediaAttachment.Crop.values:
        shapes = ", ".join(value for value in MediaAttachment.Crop.values if value)
        raise MediaRefused(f"The crop must be one of {shapes}, or none to keep the original shape.")
    return MediaAttachment.Crop(text)


def accept_upload(
    owner: User, upload: UploadedFile, *, description: str = "", focus: str | None = None, crop: str = ""
) -> MediaAttachment:
    """Store the original privately and queue its processing; raise MediaRefused for what is plainly wrong.

    `crop` is the shape the photo is cut to when its renditions are made (videos keep theirs).
    """
    if len(description) > DESCRIPTION_MAX:
        raise MediaRefused(f"The description is longer than {DESCRIPTION_MAX} characters.")
    point = parse_focus(focus)
    shape = parse_crop(crop)
    size = upload.size or 0
    if size == 0:
        raise MediaRefused("The file is empty.")
    with tempfile.TemporaryDirectory(prefix="photogram-upload-") as scratch:
        local = Path(scratch) / "upload"
        with local.open("wb") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
        detected = sniff(local)
        if detected is None:
            raise MediaRefused("The file is not a photo or video in a format Photogram accepts.")
        if detected not in settings.CONTENT_LIMITS["supported_mime_types"]:
            raise MediaRefused(f"{detected} files are not accepted.")
        declared = (upload.content_type or "").split(";")[0].strip().lower()
        family = detected.split("/")[0]
        if declared.startswith(("image/", "video/")) and declared.split("/")[0] != family:
            raise MediaRefused(f"The file was sent as {declared} but its content is {detected}.")
        if size > _limit_for(detected):
            limit_mb = _limit_for(detected) // (1024 * 1024)
            raise MediaRefused(f"The file is larger than the {limit_mb} MB limit for this kind of file.")
        with transaction.atomic():
            media = MediaAttachment(
                owner=owner,
                original_content_type=detected,
                original_size=size,
                description=description.strip(),
                focus_x=point.x,
                focus_y=point.y,
                crop=shape,
                kind=MediaAttachment.Kind.VIDEO if family == "video" else MediaAttachment.Kind.IMAGE,
            )
            media.save()
            with local.open("rb") as stored:
                media.original.save(f"{media.pk}", File(stored), save=True)
            enqueue_on_commit(process_media, media.pk)
    return media


class MediaNotFound(LookupError):
    """No such upload among the owner's own (another's uploads look the same as none)."""


def get_own(owner: User, media_id: int) -> MediaAttachment:
    """Return the upload `media_id` if `owner` made it, else raise MediaNotFound."""
    media = MediaAttachment.objects.filter(pk=media_id, owner=owner).first()
    if media is None:
        raise MediaNotFound(media_id)
    return media


def update_details(media: MediaAttachment, *, description: str | None, focus: str | None) -> MediaAttachment:
    """Change the alt text and focal point of an upload (renditions keep their crop)."""
    if description is not None:
        if len(description) > DESCRIPTION_MAX:
            raise MediaRefused(f"The description is longer than {DESCRIPTION_MAX} characters.")
        media.description = description.strip()
    if focus is not None:
        point = parse_focus(focus)
        media.focus_x, media.focus_y = point.x, point.y
    media.save(update_fields=["description", "focus_x", "focus_y"])
    media_changed.send(sender=MediaAttachment, media_ids=[media.pk])
    return media


def own_uploads(owner: User, media_ids: Sequence[int]) -> list[MediaAttachment]:
    """Return those of `media_ids` that `owner` uploaded and no post has taken yet, in the order asked."""
    found = MediaAttachment.objects.filter(pk__in=media_ids, owner=owner, attached_at__isnull=True).in_bulk()
    return [found[media_id] for media_id in dict.fromkeys(media_ids) if media_id in found]
