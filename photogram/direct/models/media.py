from __future__ import annotations

from django.db import models

from photogram.media.models import MediaAttachment


class MessageMedia(models.Model):
    """A photo or video sent in a message: it keeps the upload from the unattached-media clean-up, and is
    deleted (with its files) when the message is unsent."""

    media = models.OneToOneField(MediaAttachment, primary_key=True, on_delete=models.CASCADE, related_name="+")
    thread_id = models.BigIntegerField()
    message_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"media {self.pk} of message {self.message_id}"
