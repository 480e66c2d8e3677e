from photogram.feeds.models.entry import FeedEntry, FeedState
from photogram.feeds.models.outbox import OutboxMessage

__all__ = ["FeedEntry", "FeedState", "OutboxMessage"]
