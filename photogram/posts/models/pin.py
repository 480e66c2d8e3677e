from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField
from photogram.posts.models.status import Status


class Pin(models.Model):
    """A post its author shows first on their profile (at most CONTENT_LIMITS["max_pinned_statuses"])."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pins")
    status = models.OneToOneField(Status, on_delete=models.CASCADE, related_name="pin")

    def __str__(self) -> str:
        return f"{self.account_id} pins {self.status_id}"
