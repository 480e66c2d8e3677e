from photogram.direct.models.media import MessageMedia
from photogram.direct.models.message_row import MessageRow
from photogram.direct.models.story_reply import DeliveredStoryReply
from photogram.direct.models.thread import Membership, Thread

__all__ = ["DeliveredStoryReply", "Membership", "MessageMedia", "MessageRow", "Thread"]
