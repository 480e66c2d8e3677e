"""Highlights: named, ordered collections of one's past stories, kept on the profile after the stories end."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField
from photogram.media.models import MediaAttachment


class Highlight(models.Model):
    """A named collection on its owner's profile, in the order the owner sets (`position`, 1 first)."""

    id = TimeSortableIdField(primary_key=True, shard_from="owner_id")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="highlights")
    title = models.CharField(max_length=50)
    position = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "position"], name="highlight_owner_position")]

    def __str__(self) -> str:
        return f"highlight {self.title!r} of {self.owner_id}"


class HighlightItem(models.Model):
    """One story kept in a highlight: its reference copied out of the TTL store, and its upload held.

    RESTRICT, not CASCADE: an upload a highlight shows is never deleted from under it (the story expiry
    checks first); deleting the owner's account still takes both, as one deletion.
    """

    highlight = models.ForeignKey(Highlight, on_delete=models.CASCADE, related_name="items")
    story_id = models.BigIntegerField()
    media = models.ForeignKey(MediaAttachment, on_delete=models.RESTRICT, related_name="+")
    audience = models.CharField(max_length=16)
    story_created_at = models.DateTimeField()
    position = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["highlight", "story_id"], name="highlight_story_once")]

    def __str__(self) -> str:
        return f"story {self.story_id} in highlight {self.highlight_id}"
