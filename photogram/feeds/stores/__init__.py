"""Home-feed stores: the interface, and `feeds`, the stores configured in settings.FEEDS.

    feeds.default.insert(follower_ids, FeedItem(status_id=post.pk, author_id=post.author_id))
    feeds.default.page(reader.pk, CursorWindow(max_id=cursor, limit=20))

Cassandra on the full profile (`cassandra.CassandraFeedStore`), SQL tables on embedded (`sql.SqlFeedStore`).
"""

from photogram.core.backends import BackendHandler
from photogram.feeds.stores.base import FeedItem, FeedStore, FeedStoreUnavailable

feeds: BackendHandler[FeedStore] = BackendHandler("FEEDS", FeedStore)

__all__ = ["FeedItem", "FeedStore", "FeedStoreUnavailable", "feeds"]
