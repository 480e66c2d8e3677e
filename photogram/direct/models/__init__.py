from photogram.direct.models.media import MessageMedia
from photogram.direct.models.message_row import MessageRow
from photogram.direct.models.thread import Membership, Thread

__all__ = ["Membership", "MessageMedia", "MessageRow", "Thread"]
