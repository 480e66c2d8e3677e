from photogram.server.models.announcement import Announcement, AnnouncementDismissal, AnnouncementReaction
from photogram.server.models.content import ExtendedDescription, Rule
from photogram.server.models.emoji import CustomEmoji

__all__ = [
    "Announcement",
    "AnnouncementDismissal",
    "AnnouncementReaction",
    "CustomEmoji",
    "ExtendedDescription",
    "Rule",
]
