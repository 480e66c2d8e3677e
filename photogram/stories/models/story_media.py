"""Which upload each story shows, until the story expires: what the expiry task reads on both profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from photogram.media.models import MediaAttachment


class StoryMedia(models.Model):
    """The upload of one story, kept in the relational database beside the TTL store.

    Cassandra's TTL drops a story's rows without telling anyone, so the files would outlive it; this row is
    what the periodic expiry reads to delete them (unless a highlight keeps the story), then deletes itself.
    """

    story_id = models.BigIntegerField(primary_key=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    media = models.OneToOneField(MediaAttachment, on_delete=models.CASCADE, related_name="story")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"media {self.media_id} of story {self.story_id}"
