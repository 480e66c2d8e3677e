from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from photogram.core.ids.fields import TimeSortableIdField


def _private_storage() -> Any:
    return storages["private"]


def original_path(instance: MediaAttachment, filename: str) -> str:
    """Return where an original goes: never under a public URL, never named by its uploader."""
    return f"originals/{instance.owner_id}/{instance.pk}"


class MediaAttachment(models.Model):
    """One uploaded photo or video: its private original, its state, and the renditions that are served."""

    class State(models.TextChoices):
        PENDING = "pending"
        PROCESSING = "processing"
        READY = "ready"
        FAILED = "failed"

    class Kind(models.TextChoices):
        UNKNOWN = "unknown"
        IMAGE = "image"
        GIFV = "gifv"
        VIDEO = "video"

    class Crop(models.TextChoices):
        """The shape the person chose for a photo: cut from the original once, when its renditions are made."""

        ORIGINAL = "", _("Original shape")
        SQUARE = "1:1", _("Square (1:1)")
        PORTRAIT = "4:5", _("Portrait (4:5)")
        LANDSCAPE = "1.91:1", _("Landscape (1.91:1)")

        @property
        def aspect(self) -> float | None:
            """Return width / height, or None for the original's own shape (within Instagram's range)."""
            if not self.value:
                return None
            width, height = self.value.split(":")
            return float(width) / float(height)

    id = TimeSortableIdField(primary_key=True, shard_from="owner_id")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    failure_reason = models.TextField(blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.UNKNOWN)
    original = models.FileField(storage=_private_storage, upload_to=original_path, max_length=300)
    original_content_type = models.CharField(max_length=100)
    original_size = models.PositiveBigIntegerField()
    description = models.TextField(blank=True)
    focus_x = models.FloatField(default=0.0)
    focus_y = models.FloatField(default=0.0)
    crop = models.CharField(max_length=8, choices=Crop.choices, default=Crop.ORIGINAL, blank=True)
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    duration_seconds = models.FloatField(null=True)
    blurhash = models.CharField(max_length=100, blank=True)
    # name -> format -> {"path", "width", "height", "content_type"}, paths in the default (public) storage.
    renditions = models.JSONField(default=dict)
    camera = models.JSONField(default=dict)
    show_camera = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True)
    # Set when a post takes the attachment; unattached uploads are deleted after a day.
    attached_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["state", "created_at"], name="media_state_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"

    def not_ready_reason(self) -> str | None:
        """Return why a post or message cannot take this upload yet (or ever), None when it is ready."""
        if self.state in {self.State.PENDING, self.State.PROCESSING}:
            return f"Media {self.pk} is still being processed; try again when it is ready"
        if self.state == self.State.FAILED:
            return f"Media {self.pk} could not be processed: {self.failure_reason}"
        return None
