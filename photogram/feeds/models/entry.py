"""Home feeds in SQL (the embedded profile's feed store), and each reader's feed bookkeeping (both profiles)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FeedRow(models.Model):
    """One post in one feed, as `SqlFeedStore` keeps it; each kind of feed has its own table.

    Plain ids rather than foreign keys: a feed is derived data, rebuilt from follows and posts, and the
    fan-out writes thousands of rows at a time without checking each against its parents. The primary key's
    index, read backwards, serves a page newest first.
    """

    pk = models.CompositePrimaryKey("owner_id", "status_id")
    owner_id = models.BigIntegerField()
    status_id = models.BigIntegerField()
    author_id = models.BigIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.status_id} in the feed of {self.owner_id}"


class FeedEntry(FeedRow):
    """One post in one reader's home feed: the SQL twin of Cassandra's `home_feed` row."""


class FeedState(models.Model):
    """When a reader last read their home feed, which decides whether the fan-out still writes to it."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField(db_index=True)
    rebuilt_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"feed of {self.owner_id}, read {self.last_read_at}"
