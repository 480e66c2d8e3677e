"""Messages: sending (text, photos and videos, a shared post or profile, a reply, a story reply), reading a
thread's page, unsending, reacting, and read receipts. Delivery to the other members runs in tasks after commit.

A message is written to the message store inside the transaction that moves the thread's last activity, as
the last step before commit: if the store fails, nothing of the message is kept anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils import timezone

from photogram.access.querysets import (
    AccountNotFound,
    StatusNotFound,
    blocked_either_way_ids,
    get_visible_account,
    get_visible_status,
)
from photogram.accounts.models import Block, User
from photogram.core.ids import decode
from photogram.core.ids.fields import next_id
from photogram.core.ratelimit import policy as ratelimit
from photogram.core.tasks import enqueue_on_commit
from photogram.core.window import CursorWindow
from photogram.direct import tasks
from photogram.direct.models import Membership, MessageMedia, Thread
from photogram.direct.services import events
from photogram.direct.services.threads import DirectRefused, membership_of, rejoin_as_request
from photogram.direct.stores import Message, message_stores
from photogram.media.models import MediaAttachment
from photogram.posts.services.publishing import discard_media

MAX_TEXT_LENGTH = 1000
MAX_MEDIA = 10
MAX_EMOJI_LENGTH = 16
# A reaction: no spaces or control characters (spelt out, as the API's schema states it to other regex engines).
EMOJI_PATTERN = r"^[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$"


class MessageNotFound(LookupError):
    """No such message in the thread, or one the member may not see."""


@dataclass(frozen=True)
class MessagePage:
    """What one page shows, and the ids of the two ends of what it read (the cursors of the next pages)."""

    messages: list[Message]
    newest_id: int | None
    oldest_id: int | None


def send(
    sender: User,
    thread_id: int,
    *,
    text: str = "",
    media_ids: Sequence[int] = (),
    shared_status_id: int | None = None,
    shared_account_id: int | None = None,
    reply_to_id: int | None = None,
    story_id: int | None = None,
) -> Message:
    """Send a message to a thread the sender is in; answering a request accepts it. Call in a transaction.

    Raise RateLimited past the sender's budget of messages ("direct_send"), except for a story reply
    (`story_id`, from `story_replies`): the reply's own request was counted, and once committed it is delivered.
    """
    if story_id is None:
        ratelimit.spend("direct_send", f"account:{sender.pk}")
    membership = membership_of(sender, thread_id, for_update=True)
    thread = membership.thread
    text = text.strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise DirectRefused(f"A message has at most {MAX_TEXT_LENGTH} characters")
    if not (text or media_ids or shared_status_id or shared_account_id):
        raise DirectRefused("A message needs text, a photo or video, or something shared")
    others = list(Membership.objects.filter(thread=thread).exclude(user=sender).values_list("user_id", flat=True))
    if not thread.is_group:
        _check_pair_may_talk(sender, thread)
    try:
        if shared_status_id is not None:
            get_visible_status(sender, shared_status_id)
        if shared_account_id is not None:
            get_visible_account(sender, shared_account_id)
    except (StatusNotFound, AccountNotFound):
        raise DirectRefused("What you are sharing was not found") from None
    if reply_to_id is not None and _visible(membership, reply_to_id) is None:
        raise DirectRefused("The message you are replying to was not found")
    media = _take_media(sender, media_ids)
    message = Message(
        id=next_id(decode(thread.pk).shard),
        thread_id=thread.pk,
        sender_id=sender.pk,
        text=text,
        media_ids=tuple(item.pk for item in media),
        shared_status_id=shared_status_id,
        shared_account_id=shared_account_id,
        reply_to_id=reply_to_id,
        story_id=story_id,
    )
    MessageMedia.objects.bulk_create(
        MessageMedia(media=item, thread_id=thread.pk, message_id=message.id) for item in media
    )
    if not thread.is_group and not others:
        rejoin_as_request(thread, _other_of_pair(thread, sender))
    Thread.objects.filter(pk=thread.pk).update(last_activity_id=message.id)
    membership.last_read_id = message.id  # one has read what one sent
    if membership.state == Membership.State.REQUEST:
        membership.state = Membership.State.INBOX
    membership.save(update_fields=["last_read_id", "state"])
    message_stores.default.add(message)
    enqueue_on_commit(tasks.deliver_message, thread.pk, message.id)
    return message


def _other_of_pair(thread: Thread, sender: User) -> int:
    low, high = (int(part) for part in (thread.pair_key or "").split(":"))
    return high if low == sender.pk else low


def _check_pair_may_talk(sender: User, thread: Thread) -> None:
    other = _other_of_pair(thread, sender)
    blocked = Block.objects.filter(Q(blocker=sender, blocked_id=other) | Q(blocker_id=other, blocked=sender))
    # Instagram's words: the block itself is not named, whichever side made it.
    if blocked.exists() or not User.objects.filter(pk=other, is_active=True, suspended_at__isnull=True).exists():
        raise DirectRefused("You can't message this account", forbidden=True)


def _take_media(sender: User, media_ids: Sequence[int]) -> list[MediaAttachment]:
    if len(media_ids) > MAX_MEDIA:
        raise DirectRefused(f"A message can have at most {MAX_MEDIA} photos or videos")
    if len(set(media_ids)) != len(media_ids):
        raise DirectRefused("The same media is attached more than once")
    # Locked until the transaction ends: a post and a message racing for one upload cannot both take it.
    found = MediaAttachment.objects.select_for_update().filter(pk__in=media_ids, owner=sender).in_bulk()
    taken = []
    for media_id in media_ids:
        media = found.get(media_id)
        if media is None:
            raise DirectRefused(f"Media {media_id} was not found")
        if media.attached_at is not None:
            raise DirectRefused(f"Media {media_id} is already attached to a post or message")
        if (reason := media.not_ready_reason()) is not None:
            raise DirectRefused(reason)
        taken.append(media)
    MediaAttachment.objects.filter(pk__in=[item.pk for item in taken]).update(attached_at=timezone.now())
    return taken


def _visible(membership: Membership, message_id: int) -> Message | None:
    if message_id <= membership.visible_after_id:
        return None
    return message_stores.default.get(membership.thread_id, message_id)


def page(reader: User, thread_id: int, window: CursorWindow) -> MessagePage:
    """Return one page of a thread's messages for a member, newest first, without blocked people's."""
    membership = membership_of(reader, thread_id)
    floor = membership.visible_after_id
    if floor:
        if window.min_id is not None:
            window = replace(window, min_id=max(window.min_id, floor))
        if window.since_id is not None or window.min_id is None:
            window = replace(window, since_id=max(window.since_id or 0, floor))
    read = message_stores.default.page(thread_id, window)
    hidden = blocked_either_way_ids(reader.pk)
    shown = [message for message in read if message.sender_id not in hidden]
    return MessagePage(shown, read[0].id if read else None, read[-1].id if read else None)


def get(reader: User, thread_id: int, message_id: int) -> Message:
    """Return one message of a thread the reader is in, else raise MessageNotFound."""
    message = _visible(membership_of(reader, thread_id), message_id)
    if message is None or message.sender_id in blocked_either_way_ids(reader.pk):
        raise MessageNotFound(message_id)
    return message


def unsend(actor: User, thread_id: int, message_id: int) -> None:
    """Take back one's own message: it is gone for everyone, with its photos and videos."""
    message = get(actor, thread_id, message_id)
    if message.sender_id != actor.pk:
        raise DirectRefused("You can only unsend your own messages", forbidden=True)
    message_stores.default.remove(thread_id, message_id)
    discard_media(MediaAttachment.objects.filter(pk__in=message.media_ids))
    payload = {"thread_id": str(thread_id), "id": str(message_id)}
    enqueue_on_commit(tasks.deliver_event, thread_id, actor.pk, events.UNSEND, payload)


def react(actor: User, thread_id: int, message_id: int, emoji: str | None) -> Message:
    """Set the actor's reaction to a message (one per member: a new one replaces it), or with None take it back."""
    get(actor, thread_id, message_id)
    if emoji is not None and (len(emoji) > MAX_EMOJI_LENGTH or not re.fullmatch(EMOJI_PATTERN, emoji)):
        raise DirectRefused("A reaction is one emoji")
    reacted = message_stores.default.react(thread_id, message_id, actor.pk, emoji)
    if reacted is None:
        raise MessageNotFound(message_id)
    payload = {"thread_id": str(thread_id), "id": str(message_id), "account_id": str(actor.pk), "emoji": emoji}
    enqueue_on_commit(tasks.deliver_event, thread_id, actor.pk, events.REACTION, payload)
    return reacted


def mark_read(reader: User, thread_id: int, message_id: int | None = None) -> Membership:
    """Record that the reader has read up to `message_id` (the newest message when None); never backwards."""
    membership = membership_of(reader, thread_id)
    target = message_id if message_id is not None else membership.thread.last_activity_id
    if message_id is not None and _visible(membership, message_id) is None:
        raise MessageNotFound(message_id)
    moved = Membership.objects.filter(pk=membership.pk, last_read_id__lt=target).update(last_read_id=target)
    if moved:
        membership.last_read_id = target
        payload = {"thread_id": str(thread_id), "account_id": str(reader.pk), "last_read_id": str(target)}
        enqueue_on_commit(tasks.deliver_event, thread_id, reader.pk, events.READ, payload)
    return membership


def typing(member: User, thread_id: int) -> None:
    """Tell the other members' open streams that this member is typing."""
    membership_of(member, thread_id)
    payload = {"thread_id": str(thread_id), "account_id": str(member.pk)}
    enqueue_on_commit(tasks.deliver_event, thread_id, member.pk, events.TYPING, payload)
