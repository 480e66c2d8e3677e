"""What people do to a post: like it (Mastodon's favourite) and save it (Mastodon's bookmark)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField
from photogram.posts.models.status import Status


class Favourite(models.Model):
    """`account` likes `status`. The id orders an account's likes newest first (the favourites list)."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites")
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="favourites")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "status"], name="favourite_once")]
        indexes = [
            models.Index(fields=["account", "-id"], name="favourite_account_newest"),
            models.Index(fields=["status", "-id"], name="favourite_status_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} likes {self.status_id}"


class Bookmark(models.Model):
    """`account` saved `status` (visible to that account only; the author sees how many saved it)."""

    id = TimeSortableIdField(primary_key=True, shard_from="account_id")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="bookmarks")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "status"], name="bookmark_once")]
        indexes = [models.Index(fields=["account", "-id"], name="bookmark_account_newest")]

    def __str__(self) -> str:
        return f"{self.account_id} saved {self.status_id}"
