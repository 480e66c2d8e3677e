"""Follow suggestions people dismissed: never suggested to them again."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField


class SuggestionDismissal(models.Model):
    """`account` asked never to be suggested `target` again."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "target"], name="suggestion_dismissed_once")]

    def __str__(self) -> str:
        return f"{self.account_id} dismissed {self.target_id}"
