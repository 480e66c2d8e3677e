"""List feeds in SQL: the embedded profile's rows for the `lists` feed store."""

from __future__ import annotations

from photogram.feeds.models import FeedRow


class ListFeedEntry(FeedRow):
    """One post in one list's feed (`owner_id` is the list's id): the SQL twin of Cassandra's `list_feed` row."""
