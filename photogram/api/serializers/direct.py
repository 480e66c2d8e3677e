"""Direct threads and messages as entities, for one member: everything a page names is read in one batch
(senders, media, shared posts and profiles), and what the member may not see of what was shared is left out."""

from __future__ import annotations

from collections.abc import Sequence

from photogram.access.querysets import blocked_either_way_ids, visible_accounts
from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.media import serialize_media
from photogram.api.serializers.status_bodies import timestamp
from photogram.api.serializers.statuses import hydrate
from photogram.core.ids import decode
from photogram.direct.models import Membership
from photogram.direct.stores import Message, message_stores
from photogram.media.models import MediaAttachment


def serialize_messages(messages: Sequence[Message], reader: User) -> list[entities.DirectMessage]:
    """Return the messages as `reader` sees them, in the order given."""
    senders = User.objects.in_bulk({message.sender_id for message in messages})
    media = MediaAttachment.objects.in_bulk([media_id for message in messages for media_id in message.media_ids])
    status_ids = [message.shared_status_id for message in messages if message.shared_status_id is not None]
    statuses = {int(status["id"]): status for status in hydrate(status_ids, reader)}
    shared_account_ids = {message.shared_account_id for message in messages if message.shared_account_id}
    shared_accounts = visible_accounts(reader).in_bulk(shared_account_ids)
    accounts = {
        account_id: serialize_account(account) for account_id, account in {**senders, **shared_accounts}.items()
    }
    rendered: list[entities.DirectMessage] = []
    for message in messages:
        sender = accounts.get(message.sender_id)
        if sender is None:  # the sender's account is gone
            continue
        status = statuses.get(message.shared_status_id) if message.shared_status_id else None
        account = accounts.get(message.shared_account_id) if message.shared_account_id in shared_accounts else None
        rendered.append(
            {
                "id": str(message.id),
                "thread_id": str(message.thread_id),
                "account": sender,
                "text": message.text,
                "created_at": timestamp(decode(message.id).created_at) or "",
                "media_attachments": [
                    serialize_media(media[media_id], reader) for media_id in message.media_ids if media_id in media
                ],
                "shared_status": status,
                "shared_account": account,
                "shared_unavailable": (message.shared_status_id is not None and status is None)
                or (message.shared_account_id is not None and account is None),
                "in_reply_to_id": str(message.reply_to_id) if message.reply_to_id else None,
                "story_id": str(message.story_id) if message.story_id else None,
                "reactions": [
                    {"account_id": str(member), "emoji": emoji} for member, emoji in sorted(message.reactions.items())
                ],
            }
        )
    return rendered


def serialize_threads(memberships: Sequence[Membership], reader: User) -> list[entities.DirectThread]:
    """Return the threads of the reader's memberships, with their other members and last messages."""
    thread_ids = [membership.thread_id for membership in memberships]
    others = list(Membership.objects.filter(thread_id__in=thread_ids).exclude(user=reader).select_related("user"))
    accounts = {row.user_id: serialize_account(row.user) for row in others}
    store = message_stores.default
    last = {
        membership.thread_id: store.get(membership.thread_id, membership.thread.last_activity_id)
        for membership in memberships
        if membership.thread.last_activity_id > membership.visible_after_id
    }
    # A thread's last message from someone on the other side of a block is not shown, as in the thread itself.
    apart = blocked_either_way_ids(reader.pk)
    shown = serialize_messages(
        [message for message in last.values() if message is not None and message.sender_id not in apart], reader
    )
    last_rendered = {int(message["thread_id"]): message for message in shown}
    rendered: list[entities.DirectThread] = []
    for membership in memberships:
        thread = membership.thread
        members = [row for row in others if row.thread_id == thread.pk]
        rendered.append(
            {
                "id": str(thread.pk),
                "is_group": thread.is_group,
                "title": thread.title,
                "accounts": [accounts[row.user_id] for row in members],
                "state": "request" if membership.state == Membership.State.REQUEST else "inbox",
                "muted": membership.muted,
                "unread": thread.last_activity_id > max(membership.last_read_id, membership.visible_after_id),
                "last_message": last_rendered.get(thread.pk),
                "read_receipts": [
                    {
                        "account_id": str(row.user_id),
                        "last_read_id": str(row.last_read_id) if row.last_read_id else None,
                    }
                    for row in members
                ],
                "last_activity_id": str(thread.last_activity_id),
                "created_at": timestamp(thread.created_at) or "",
            }
        )
    return rendered
