"""What happens once a new notification is in its recipient's inbox: the one place that tells the recipient.

`delivered` runs exactly once per new notification (an idempotent repeat of its cause never reaches it).
The streaming API and Web Push hang off it too.
"""

from __future__ import annotations

from photogram.notifications.services import unread
from photogram.notifications.stores import InboxEntry


def delivered(notification: InboxEntry, recipient_id: int) -> None:
    """Tell the recipient of a new notification: their unread count moves."""
    if not notification.filtered:
        unread.forget(recipient_id)
