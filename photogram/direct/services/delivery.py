"""Delivering what happens in a thread to its other members: a new message on their open streams (rendered
for each, as what was shared depends on who looks) and by Web Push; unsends, reactions, read receipts and
typing on their streams. Called by the tasks `messages` enqueues after commit.

Members who block the actor, or whom the actor blocks, get nothing of theirs.
"""

from __future__ import annotations

from typing import Any

from photogram.access.querysets import blocked_either_way_ids
from photogram.accounts.models import User
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.direct import serialize_messages
from photogram.direct.models import Membership, MessageMedia
from photogram.direct.services import events
from photogram.direct.stores import Message, message_stores
from photogram.media.models import MediaAttachment
from photogram.posts.services.publishing import discard_media
from photogram.push.services.delivery import push_notification
from photogram.streaming.services import publish

PUSH_KIND = "direct_message"


def _recipients(thread_id: int, actor_id: int) -> list[Membership]:
    """The members of a thread but the actor, leaving out those on either side of a block with them."""
    apart = blocked_either_way_ids(actor_id)
    members = Membership.objects.filter(thread_id=thread_id).exclude(user_id=actor_id).select_related("user")
    return [member for member in members if member.user_id not in apart]


def deliver_message(thread_id: int, message_id: int) -> int:
    """Send a new message to the other members' streams and push it to their apps; return how many members."""
    message = message_stores.default.get(thread_id, message_id)
    sender = User.objects.filter(pk=message.sender_id).first() if message is not None else None
    if message is None or sender is None:
        return 0  # unsent, or the sender is gone, before delivery
    recipients = _recipients(thread_id, sender.pk)
    for member in recipients:
        publish.to_user_rendered(member.user_id, events.MESSAGE, _renderer(message, member.user))
        if member.state == Membership.State.INBOX and not member.muted:
            account = serialize_account(sender)
            push_notification(
                recipient_id=member.user_id,
                notification_id=message.id,
                notification_type=PUSH_KIND,
                from_account_id=sender.pk,
                title=account["display_name"] or account["username"],
                body=_summary(message),
                icon=account["avatar_static"],
            )
    return len(recipients)


def _renderer(message: Message, reader: User) -> Any:
    def render() -> object | None:
        rendered = serialize_messages([message], reader)
        return rendered[0] if rendered else None

    return render


def _summary(message: Message) -> str:
    if message.text:
        return message.text
    if message.media_ids:
        return "Sent a photo or video"
    return "Shared a post" if message.shared_status_id else "Shared a profile"


def deliver_event(thread_id: int, actor_id: int, event: str, payload: dict[str, Any]) -> int:
    """Send an event (unsend, reaction, read receipt, typing) to the other members' streams."""
    recipients = _recipients(thread_id, actor_id)
    for member in recipients:
        publish.to_user_rendered(member.user_id, event, lambda: payload)
    return len(recipients)


def purge_thread(thread_id: int) -> None:
    """Delete the messages of a thread nobody is in any more, and their photos and videos."""
    message_stores.default.clear(thread_id)
    media = MessageMedia.objects.filter(thread_id=thread_id).values("media_id")
    discard_media(MediaAttachment.objects.filter(pk__in=media))
