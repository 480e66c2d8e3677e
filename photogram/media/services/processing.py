"""Processing an upload into renditions: run by the media task, safe to run again for the same upload."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from photogram.media.models import MediaAttachment
from photogram.media.processing.images import process_image
from photogram.media.processing.types import MediaRefused, ProcessedMedia, Rendition
from photogram.media.processing.vertical import VERTICAL, vertical_image, vertical_video
from photogram.media.processing.video import process_video
from photogram.media.signals import media_changed

logger = logging.getLogger(__name__)


def rendition_path(media: MediaAttachment, name: str, file_format: str) -> str:
    """Return a rendition's stable storage path: a retry overwrites, never duplicates."""
    return f"renditions/{media.owner_id}/{media.pk}/{name}.{file_format}"


def _claim(media_id: int) -> MediaAttachment | None:
    """Mark the upload as processing; None when it is done already (ready or failed) or gone."""
    with transaction.atomic():
        media = MediaAttachment.objects.select_for_update().filter(pk=media_id).first()
        if media is None or media.state in {MediaAttachment.State.READY, MediaAttachment.State.FAILED}:
            return None
        media.state = MediaAttachment.State.PROCESSING
        media.save(update_fields=["state"])
        media_changed.send(sender=MediaAttachment, media_ids=[media_id])
        return media


@contextmanager
def _local_copy(media: MediaAttachment) -> Iterator[tuple[Path, Path]]:
    """Yield a local copy of the original (processors read local files) and an empty output folder."""
    with tempfile.TemporaryDirectory(prefix="photogram-media-") as scratch:
        source = Path(scratch) / "original"
        with media.original.open("rb") as original, source.open("wb") as copy:
            shutil.copyfileobj(original, copy)
        work_dir = Path(scratch) / "out"
        work_dir.mkdir()
        yield source, work_dir


def _run_processor(media: MediaAttachment, source: Path, work_dir: Path, formats: list[str]) -> ProcessedMedia:
    if media.kind == MediaAttachment.Kind.VIDEO:
        return process_video(source, work_dir)
    return process_image(
        source,
        work_dir,
        focus=(media.focus_x, media.focus_y),
        aspect=MediaAttachment.Crop(media.crop).aspect,
        formats=formats,
        encoders=settings.MEDIA_ENCODERS,
    )


def _store(media: MediaAttachment, renditions: list[Rendition]) -> dict[str, dict[str, Any]]:
    stored: dict[str, dict[str, Any]] = {}
    for rendition in renditions:
        path = rendition_path(media, rendition.name, rendition.format)
        if default_storage.exists(path):
            default_storage.delete(path)
        with rendition.path.open("rb") as handle:
            saved = default_storage.save(path, File(handle))
        stored.setdefault(rendition.name, {})[rendition.format] = {
            "path": saved,
            "width": rendition.width,
            "height": rendition.height,
            "content_type": rendition.content_type,
        }
    return stored


def delete_renditions(media: MediaAttachment) -> None:
    """Remove every stored rendition of an upload."""
    for formats in media.renditions.values():
        for entry in formats.values():
            default_storage.delete(entry["path"])


def process(media_id: int) -> None:
    """Make the renditions an upload needs before it is ready, and record the outcome."""
    media = _claim(media_id)
    if media is None:
        return
    with _local_copy(media) as (source, work_dir):
        try:
            result = _run_processor(media, source, work_dir, list(settings.MEDIA_FORMATS["immediate"]))
        except MediaRefused as refused:
            mark_failed(media_id, refused.reason)
            return
        renditions = _store(media, result.renditions)
    MediaAttachment.objects.filter(pk=media_id).update(
        state=MediaAttachment.State.READY,
        kind=result.kind,
        width=result.width,
        height=result.height,
        duration_seconds=result.duration_seconds,
        blurhash=result.blurhash,
        renditions=renditions,
        camera=result.camera,
        processed_at=timezone.now(),
        failure_reason="",
    )
    media_changed.send(sender=MediaAttachment, media_ids=[media_id])


def add_deferred_formats(media_id: int) -> None:
    """Add the costly image formats (AVIF) to a ready upload's renditions."""
    formats = list(settings.MEDIA_FORMATS["deferred"])
    media = MediaAttachment.objects.filter(pk=media_id, state=MediaAttachment.State.READY).first()
    if media is None or not formats or media.kind == MediaAttachment.Kind.VIDEO:
        return
    with _local_copy(media) as (source, work_dir):
        try:
            result = _run_processor(media, source, work_dir, formats)
        except MediaRefused:
            return  # The served formats exist; a costly extra that fails is simply not offered.
        added = _store(media, result.renditions)
    with transaction.atomic():
        current = MediaAttachment.objects.select_for_update().get(pk=media_id)
        for name, formats_made in added.items():
            current.renditions.setdefault(name, {}).update(formats_made)
        current.save(update_fields=["renditions"])
        media_changed.send(sender=MediaAttachment, media_ids=[media_id])


# What the vertical rendition is cut from, best first: the largest served picture of each kind.
VERTICAL_SOURCES = {
    MediaAttachment.Kind.IMAGE: (("1080", "full", "640"), ("webp", "jpeg")),
    MediaAttachment.Kind.VIDEO: (("1080p", "720p"), ("mp4",)),
}


def add_vertical_rendition(media_id: int) -> None:
    """Add the 9:16 "vertical" rendition (what stories show) to a ready photo or video; nothing if it has one."""
    media = MediaAttachment.objects.filter(pk=media_id, state=MediaAttachment.State.READY).first()
    if media is None or VERTICAL in media.renditions or media.kind not in VERTICAL_SOURCES:
        return
    names, formats = VERTICAL_SOURCES[MediaAttachment.Kind(media.kind)]
    source = next(
        (media.renditions[name][fmt] for name in names for fmt in formats if fmt in media.renditions.get(name, {})),
        None,
    )
    if source is None:
        return
    focus = (media.focus_x, media.focus_y)
    with tempfile.TemporaryDirectory(prefix="photogram-vertical-") as scratch:
        local = Path(scratch) / "source"
        with default_storage.open(source["path"], "rb") as served, local.open("wb") as copy:
            shutil.copyfileobj(served, copy)
        if media.kind == MediaAttachment.Kind.VIDEO:
            made = vertical_video(local, Path(scratch), width=source["width"], height=source["height"], focus=focus)
        else:
            formats_made = list(settings.MEDIA_FORMATS["immediate"])
            made = vertical_image(
                local, Path(scratch), focus=focus, formats=formats_made, encoders=settings.MEDIA_ENCODERS
            )
        added = _store(media, made)
    with transaction.atomic():
        current = MediaAttachment.objects.select_for_update().filter(pk=media_id).first()
        if current is None:  # deleted meanwhile (an expired story): the files go too
            for entry in added.get(VERTICAL, {}).values():
                default_storage.delete(entry["path"])
            return
        current.renditions.update(added)
        current.save(update_fields=["renditions"])
        media_changed.send(sender=MediaAttachment, media_ids=[media_id])


def mark_failed(media_id: int, reason: str) -> None:
    """Record why an upload cannot be used, and remove anything made from it."""
    media = MediaAttachment.objects.filter(pk=media_id).first()
    if media is None:
        return
    delete_renditions(media)
    MediaAttachment.objects.filter(pk=media_id).update(
        state=MediaAttachment.State.FAILED, failure_reason=reason, renditions={}, processed_at=timezone.now()
    )
    media_changed.send(sender=MediaAttachment, media_ids=[media_id])
    logger.info("media %s failed: %s", media_id, reason)


def delete_unattached(older_than_hours: int, limit: int = 500) -> int:
    """Delete uploads no post took within the given time, files and all; return how many."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    stale = list(MediaAttachment.objects.filter(attached_at__isnull=True, created_at__lt=cutoff)[:limit])
    for media in stale:
        delete_renditions(media)
        media.original.delete(save=False)
        media.delete()
    return len(stale)
