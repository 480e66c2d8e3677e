"""What happens once a new notification is in its recipient's inbox: the one place that tells the recipient.

`delivered` runs exactly once per new notification (an idempotent repeat of its cause never reaches it).
A notification the recipient's policy filtered is kept quiet: it only waits among notification requests.
"""

from __future__ import annotations

from django.templatetags.static import static

from photogram.accounts.models import User
from photogram.core.urls import absolute_url
from photogram.notifications.services import causes, unread
from photogram.notifications.stores import InboxEntry
from photogram.posts.models import Status
from photogram.push.models import PushSubscription
from photogram.push.services.delivery import push_notification
from photogram.streaming.services import publish

# What a phone's lock screen says, by notification type; `{name}` is the sender's display name.
PUSH_TITLES = {
    causes.FOLLOW: "{name} started following you",
    causes.FOLLOW_REQUEST: "{name} asked to follow you",
    causes.FAVOURITE: "{name} liked your post",
    causes.MENTION: "{name} mentioned you",
    causes.STATUS: "{name} just posted",
    causes.UPDATE: "{name} edited a post you interacted with",
    causes.ADMIN_SIGN_UP: "{name} signed up",
}
MISSING_AVATAR = "photogram/avatar-missing.png"


def delivered(notification: InboxEntry, recipient_id: int) -> None:
    """Tell the recipient of a new notification: their unread count moves, their open streams get it, and
    their apps' push subscriptions that want it are sent it."""
    if notification.filtered:
        return
    unread.forget(recipient_id)
    if notification.type in causes.EXTENSION_TYPES:
        return  # Photogram's own types reach Photogram's clients by their own way (stories: a direct message)
    publish.notification_arrived(recipient_id, notification)
    _push(notification, recipient_id)


def _push(notification: InboxEntry, recipient_id: int) -> None:
    # One indexed query for everyone who has no app subscribed, before anything is rendered.
    if not PushSubscription.objects.filter(account_id=recipient_id).exists():
        return
    sender = User.objects.filter(pk=notification.from_account_id).only("username", "display_name", "avatar").first()
    if sender is None:
        return
    name = sender.display_name or sender.username
    body = ""
    if notification.status_id is not None:
        body = Status.objects.filter(pk=notification.status_id).values_list("caption", flat=True).first() or ""
    icon = absolute_url(sender.avatar.url if sender.avatar else static(MISSING_AVATAR))
    push_notification(
        recipient_id=recipient_id,
        notification_id=notification.id,
        notification_type=notification.type,
        from_account_id=notification.from_account_id,
        title=PUSH_TITLES.get(notification.type, "{name}").format(name=name),
        body=body,
        icon=icon,
    )
