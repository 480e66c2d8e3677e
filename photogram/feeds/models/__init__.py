from photogram.feeds.models.entry import FeedEntry, FeedRow, FeedState
from photogram.feeds.models.outbox import OutboxMessage

__all__ = ["FeedEntry", "FeedRow", "FeedState", "OutboxMessage"]
