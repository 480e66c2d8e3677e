from photogram.posts.models.status import Mention, Status, StatusMedia
from photogram.posts.models.tag import StatusTag, Tag

__all__ = ["Mention", "Status", "StatusMedia", "StatusTag", "Tag"]
