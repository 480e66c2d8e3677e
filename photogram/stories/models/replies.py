"""Replies and reactions to stories: kept after the story ends, as the messages they are."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.core.ids.fields import TimeSortableIdField


class StoryReply(models.Model):
    """A text reply or an emoji reaction `sender` sent to `story_author` about one of their stories.

    The story itself may be gone (it lives a day); the reply keeps its id, as a message keeps what it quoted.
    """

    class Kind(models.TextChoices):
        REPLY = "reply"
        REACTION = "reaction"

    id = TimeSortableIdField(primary_key=True, shard_from="story_author_id")
    story_id = models.BigIntegerField()
    story_author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.TextField()  # the reply, or the reaction's emoji
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["story_author", "-id"], name="story_reply_to_author")]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} to story {self.story_id}"
