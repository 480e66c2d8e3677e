"""Story stores: the interface, and `story_stores`, the stores configured in settings.STORIES.

Cassandra on the full profile (`cassandra.CassandraStoryStore`), SQL rows on embedded (`sql.SqlStoryStore`).
"""

from photogram.core.backends import BackendHandler
from photogram.stories.stores.base import StoryRef, StoryStore, StoryStoreUnavailable, StoryView

story_stores: BackendHandler[StoryStore] = BackendHandler("STORIES", StoryStore)

__all__ = ["StoryRef", "StoryStore", "StoryStoreUnavailable", "StoryView", "story_stores"]
