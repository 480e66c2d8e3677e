"""Live stories in SQL: the embedded profile's twin of Cassandra's story tables (stores/sql.py)."""

from __future__ import annotations

from django.db import models


class StoryRow(models.Model):
    """One story as `SqlStoryStore` keeps it; rows past `expires_at` are left out of reads, then purged.

    Plain ids rather than foreign keys, as in the feeds: the store is derived data with a lifetime of its own.
    """

    id = models.BigIntegerField(primary_key=True)
    author_id = models.BigIntegerField()
    media_id = models.BigIntegerField()
    audience = models.CharField(max_length=16)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["author_id", "-id"], name="story_author_newest"),
            models.Index(fields=["expires_at"], name="story_expires"),
        ]

    def __str__(self) -> str:
        return f"story {self.id} of {self.author_id}"


class StoryViewRow(models.Model):
    """One viewer's first look at one story (the seen mark and the viewers list are this one row)."""

    pk = models.CompositePrimaryKey("story_id", "viewer_id")
    story_id = models.BigIntegerField()
    viewer_id = models.BigIntegerField()
    seen_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["viewer_id", "story_id"], name="story_view_by_viewer"),
            models.Index(fields=["expires_at"], name="story_view_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer_id} saw story {self.story_id}"
