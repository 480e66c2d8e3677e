"""Named collections of saved posts (an extension: Instagram's saved collections)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField
from photogram.posts.models.status import Status


class Collection(models.Model):
    """A named, private group of an account's saved posts, shown in the order the owner arranged them."""

    id = TimeSortableIdField(primary_key=True, shard_from="owner_id")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="collection_name_once")]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"collection {self.name!r} of {self.owner_id}"


class CollectionItem(models.Model):
    """A saved post in a collection; the id orders a collection newest added first."""

    id = TimeSortableIdField(primary_key=True)
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    status = models.ForeignKey(Status, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collection", "status"], name="collection_item_once")]
        indexes = [models.Index(fields=["collection", "-id"], name="collection_item_newest")]

    def __str__(self) -> str:
        return f"{self.status_id} in {self.collection_id}"
