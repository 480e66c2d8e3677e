"""The embedded profile's message store: rows of `direct.MessageRow` in the relational database.

One table needs no buckets: the primary key's index (thread, id), read backwards, serves any page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction

from photogram.core.window import CursorWindow
from photogram.direct.models import MessageRow
from photogram.direct.stores.base import Message, MessageStore, MessageStoreUnavailable


def _message(row: MessageRow) -> Message:
    return Message(
        id=row.id,
        thread_id=row.thread_id,
        sender_id=row.sender_id,
        text=row.text,
        media_ids=tuple(row.media_ids),
        shared_status_id=row.shared_status_id,
        shared_account_id=row.shared_account_id,
        reply_to_id=row.reply_to_id,
        story_id=row.story_id,
        reactions={int(member): emoji for member, emoji in row.reactions.items()},
    )


class SqlMessageStore(MessageStore):
    """Keep messages as rows."""

    def add(self, message: Message) -> None:
        MessageRow.objects.update_or_create(
            thread_id=message.thread_id,
            id=message.id,
            defaults={
                "sender_id": message.sender_id,
                "text": message.text,
                "media_ids": list(message.media_ids),
                "shared_status_id": message.shared_status_id,
                "shared_account_id": message.shared_account_id,
                "reply_to_id": message.reply_to_id,
                "story_id": message.story_id,
                "reactions": {str(member): emoji for member, emoji in message.reactions.items()},
            },
        )

    def get(self, thread_id: int, message_id: int) -> Message | None:
        row = MessageRow.objects.filter(thread_id=thread_id, id=message_id).first()
        return _message(row) if row is not None else None

    def get_many(self, thread_id: int, message_ids: Iterable[int]) -> dict[int, Message]:
        rows = MessageRow.objects.filter(thread_id=thread_id, id__in=list(message_ids))
        return {row.id: _message(row) for row in rows}

    def page(self, thread_id: int, window: CursorWindow) -> list[Message]:
        return [_message(row) for row in window.filter(MessageRow.objects.filter(thread_id=thread_id), "id")]

    def remove(self, thread_id: int, message_id: int) -> bool:
        deleted, _ = MessageRow.objects.filter(thread_id=thread_id, id=message_id).delete()
        return deleted > 0

    def react(self, thread_id: int, message_id: int, member_id: int, emoji: str | None) -> Message | None:
        with transaction.atomic():
            row = MessageRow.objects.select_for_update().filter(thread_id=thread_id, id=message_id).first()
            if row is None:
                return None
            if emoji is None:
                row.reactions.pop(str(member_id), None)
            else:
                row.reactions[str(member_id)] = emoji
            row.save(update_fields=["reactions"])
        return _message(row)

    def clear(self, thread_id: int) -> None:
        MessageRow.objects.filter(thread_id=thread_id).delete()

    def check(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            raise MessageStoreUnavailable(f"the message table cannot be read: {error}") from error
