from photogram.stories.models.close_friends import CloseFriend
from photogram.stories.models.highlights import Highlight, HighlightItem
from photogram.stories.models.replies import StoryReply
from photogram.stories.models.store_rows import StoryRow, StoryViewRow
from photogram.stories.models.story_media import StoryMedia

__all__ = ["CloseFriend", "Highlight", "HighlightItem", "StoryMedia", "StoryReply", "StoryRow", "StoryViewRow"]
