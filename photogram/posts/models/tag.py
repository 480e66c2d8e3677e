from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField
from photogram.posts.models.status import Status


class Tag(models.Model):
    """A hashtag, by its lower-cased name."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"#{self.name}"


class StatusTag(models.Model):
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="status_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status", "tag"], name="status_tag_once")]
        indexes = [models.Index(fields=["tag", "-status"], name="status_tag_newest")]

    def __str__(self) -> str:
        return f"{self.status_id} #{self.tag_id}"


class TagFollow(models.Model):
    """`account` follows the hashtag `tag`."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="follows")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "tag"], name="tag_follow_once")]
        indexes = [models.Index(fields=["account", "-id"], name="tag_follow_account_newest")]

    def __str__(self) -> str:
        return f"{self.account_id} follows #{self.tag_id}"
