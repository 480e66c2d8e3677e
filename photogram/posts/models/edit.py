from __future__ import annotations

from django.db import models

from photogram.posts.models.status import Status


class StatusEdit(models.Model):
    """One version of an edited post, as it read from `created_at` on (the first row is the original)."""

    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="edits")
    caption = models.TextField(blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    sensitive = models.BooleanField(default=False)
    location = models.CharField(max_length=200, blank=True)
    # The carousel of that version, in order; removed media are gone from storage and left out when shown.
    media_ids = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"version of {self.status_id} at {self.created_at}"
