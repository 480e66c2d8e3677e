from photogram.notifications.models.inbox import InboxRow
from photogram.notifications.models.policy import NotificationPermission, NotificationPolicy

__all__ = ["InboxRow", "NotificationPermission", "NotificationPolicy"]
