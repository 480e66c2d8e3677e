from __future__ import annotations

from django.conf import settings
from django.db import models


class Marker(models.Model):
    """Where one person stopped reading a timeline, saved by their apps so another device can resume there."""

    class Timeline(models.TextChoices):
        HOME = "home"
        NOTIFICATIONS = "notifications"

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    timeline = models.CharField(max_length=16, choices=Timeline.choices)
    last_read_id = models.BigIntegerField()
    # Optimistic locking: a write names the version it read and fails if another write moved it since.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "timeline"], name="marker_per_timeline")]

    def __str__(self) -> str:
        return f"{self.timeline} marker of {self.account_id} at {self.last_read_id}"
