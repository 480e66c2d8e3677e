from __future__ import annotations

from django.db import models

from photogram.stories.models import StoryReply


class DeliveredStoryReply(models.Model):
    """A story reply or reaction made into a message: taken before the message is sent, in the same
    transaction, so a retried or concurrent delivery of the same reply finds it and sends nothing."""

    reply = models.OneToOneField(StoryReply, primary_key=True, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"story reply {self.pk}, delivered"
