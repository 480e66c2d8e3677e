"""What people feature on their profile: hashtags, and accounts they endorse."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField


class FeaturedTag(models.Model):
    """`account` shows the hashtag `tag` on its profile (at most MAX_FEATURED_TAGS)."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="featured_tags")
    tag = models.ForeignKey("posts.Tag", on_delete=models.CASCADE, related_name="featured_by")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "tag"], name="featured_tag_once")]

    def __str__(self) -> str:
        return f"{self.account_id} features #{self.tag_id}"


class Endorsement(models.Model):
    """`account` recommends `target`, an account it follows, on its profile (Mastodon's account pin)."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements")
    target = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsed_by")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "target"], name="endorsement_once"),
            models.CheckConstraint(condition=~models.Q(account=models.F("target")), name="endorsement_not_self"),
        ]
        indexes = [models.Index(fields=["account", "-id"], name="endorsement_account_newest")]

    def __str__(self) -> str:
        return f"{self.account_id} endorses {self.target_id}"
