from photogram.notifications.models.inbox import InboxRow
from photogram.notifications.models.policy import NotificationPolicy

__all__ = ["InboxRow", "NotificationPolicy"]
