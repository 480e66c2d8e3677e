"""Lists (Mastodon's): named groups of the accounts one follows, each with its own timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField

MAX_TITLE_LENGTH = 100


class List(models.Model):
    """A named group of accounts its owner follows; private to the owner."""

    class RepliesPolicy(models.TextChoices):
        FOLLOWED = "followed"
        LIST = "list"
        NONE = "none"

    id = TimeSortableIdField(primary_key=True, shard_from="owner_id")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lists")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    replies_policy = models.CharField(max_length=8, choices=RepliesPolicy.choices, default=RepliesPolicy.LIST)
    # Mastodon 4.2: the members' posts are kept out of the owner's home feed.
    exclusive = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"list {self.title!r} of {self.owner_id}"


class ListMember(models.Model):
    """An account in a list; the id orders the members by when they were added."""

    id = TimeSortableIdField(primary_key=True)
    list = models.ForeignKey(List, on_delete=models.CASCADE, related_name="members")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["list", "account"], name="list_member_once")]
        # The fan-out asks which lists hold an author.
        indexes = [models.Index(fields=["account", "list"], name="list_member_account")]

    def __str__(self) -> str:
        return f"{self.account_id} in {self.list_id}"
