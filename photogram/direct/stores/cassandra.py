"""The full profile's message store: `direct_messages`, one partition per (thread, time bucket), newest first,
and `direct_buckets`, the buckets of each thread that hold messages (direct/cql/0001_direct_messages.cql).

A page reads the thread's bucket list (one small partition) and then the buckets it needs, newest first, until
the page is full: a page costs the same in a thread of ten messages or of a million. Reactions are set with
`IF EXISTS`, so a reaction racing an unsend cannot bring back a row holding only the reaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cassandra.concurrent import execute_concurrent_with_args
from cassandra.query import UNSET_VALUE
from django.conf import settings

from photogram.core.cassandra.connection import READ_PROFILE
from photogram.core.cassandra.prepared import PreparedStatements, driver_errors
from photogram.core.window import MAX_ID, CursorWindow
from photogram.direct.stores.base import Message, MessageStore, MessageStoreUnavailable

COLUMNS = (
    "id, thread_id, sender_id, text, media_ids, shared_status_id, shared_account_id, reply_to_id, story_id, reactions"
)


def _message(row: Any) -> Message:
    return Message(
        id=row.id,
        thread_id=row.thread_id,
        sender_id=row.sender_id,
        text=row.text or "",
        media_ids=tuple(row.media_ids or ()),
        shared_status_id=row.shared_status_id,
        shared_account_id=row.shared_account_id,
        reply_to_id=row.reply_to_id,
        story_id=row.story_id,
        reactions=dict(row.reactions or {}),
    )


class CassandraMessageStore(MessageStore):
    """Keep messages in `<keyspace>.direct_messages`, their buckets in `<keyspace>.direct_buckets`."""

    def __init__(self, *, bucket_days: float = 7, keyspace: str = "") -> None:
        super().__init__(bucket_days=bucket_days)
        self.keyspace = keyspace or settings.CASSANDRA["KEYSPACE"]
        self._statements = PreparedStatements(self._texts, MessageStoreUnavailable)

    def add(self, message: Message) -> None:
        session, statements = self._statements.get()
        bucket = self.bucket_of(message.id)
        with driver_errors(MessageStoreUnavailable, "store a message"):
            session.execute(statements["insert_bucket"], (message.thread_id, bucket))
            session.execute(
                statements["insert"],
                (
                    bucket,
                    message.id,
                    message.thread_id,
                    message.sender_id,
                    message.text,
                    list(message.media_ids),
                    message.shared_status_id,
                    message.shared_account_id,
                    message.reply_to_id,
                    message.story_id,
                    # Unset, not empty: an empty map would write a tombstone at the client's microsecond
                    # timestamp, which can shadow a reaction written by LWT in the same millisecond (its
                    # ballot's timestamp has millisecond precision).
                    message.reactions or UNSET_VALUE,
                ),
            )

    def get(self, thread_id: int, message_id: int) -> Message | None:
        session, statements = self._statements.get()
        with driver_errors(MessageStoreUnavailable, "read a message"):
            row = session.execute(
                statements["get"], (thread_id, self.bucket_of(message_id), message_id), execution_profile=READ_PROFILE
            ).one()
        return _message(row) if row is not None else None

    def get_many(self, thread_id: int, message_ids: Iterable[int]) -> dict[int, Message]:
        session, statements = self._statements.get()
        keys = [(thread_id, self.bucket_of(message_id), message_id) for message_id in set(message_ids)]
        with driver_errors(MessageStoreUnavailable, "read messages"):
            results = execute_concurrent_with_args(session, statements["get"], keys, raise_on_first_error=True)
        found = {}
        for _, rows in results:
            for row in rows:
                found[row.id] = _message(row)
        return found

    def page(self, thread_id: int, window: CursorWindow) -> list[Message]:
        session, statements = self._statements.get()
        low, high = window.lower_bound, window.max_id
        direction = "asc" if window.oldest_first else "desc"
        newest_bucket = self.bucket_of(min(high if high is not None else MAX_ID, MAX_ID))
        oldest_bucket = self.bucket_of(low) if low is not None else 0
        found: list[Message] = []
        with driver_errors(MessageStoreUnavailable, "read a thread"):
            buckets = session.execute(
                statements[f"buckets:{direction}"],
                (thread_id, oldest_bucket, newest_bucket),
                execution_profile=READ_PROFILE,
            )
            for bucket_row in buckets:
                values = (thread_id, bucket_row.bucket, low or 0, high or MAX_ID, window.limit - len(found))
                rows = session.execute(statements[f"page:{direction}"], values, execution_profile=READ_PROFILE)
                found += [_message(row) for row in rows]
                if len(found) >= window.limit:
                    break
        return found[::-1] if window.oldest_first else found

    def remove(self, thread_id: int, message_id: int) -> bool:
        if self.get(thread_id, message_id) is None:
            return False
        session, statements = self._statements.get()
        with driver_errors(MessageStoreUnavailable, "delete a message"):
            session.execute(statements["delete"], (thread_id, self.bucket_of(message_id), message_id))
        return True

    def react(self, thread_id: int, message_id: int, member_id: int, emoji: str | None) -> Message | None:
        session, statements = self._statements.get()
        key = (thread_id, self.bucket_of(message_id), message_id)
        with driver_errors(MessageStoreUnavailable, "react to a message"):
            if emoji is None:
                applied = session.execute(statements["unreact"], (member_id, *key)).was_applied
            else:
                applied = session.execute(statements["react"], (member_id, emoji, *key)).was_applied
        return self.get(thread_id, message_id) if applied else None

    def clear(self, thread_id: int) -> None:
        session, statements = self._statements.get()
        with driver_errors(MessageStoreUnavailable, "delete a thread"):
            buckets = [row.bucket for row in session.execute(statements["all_buckets"], (thread_id,))]
            for bucket in buckets:
                session.execute(statements["clear"], (thread_id, bucket))
            session.execute(statements["clear_buckets"], (thread_id,))

    def check(self) -> None:
        session, statements = self._statements.get()
        with driver_errors(MessageStoreUnavailable, "read a thread"):
            session.execute(statements["all_buckets"], (0,), execution_profile=READ_PROFILE)

    def _texts(self) -> Mapping[str, str]:
        messages = f"{self.keyspace}.direct_messages"
        buckets = f"{self.keyspace}.direct_buckets"
        one = "thread_id = ? AND bucket = ? AND id = ?"
        texts = {
            "insert": f"INSERT INTO {messages} (bucket, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "insert_bucket": f"INSERT INTO {buckets} (thread_id, bucket) VALUES (?, ?)",
            "get": f"SELECT {COLUMNS} FROM {messages} WHERE {one}",
            "delete": f"DELETE FROM {messages} WHERE {one}",
            "react": f"UPDATE {messages} SET reactions[?] = ? WHERE {one} IF EXISTS",
            "unreact": f"DELETE reactions[?] FROM {messages} WHERE {one} IF EXISTS",
            "all_buckets": f"SELECT bucket FROM {buckets} WHERE thread_id = ?",
            "clear": f"DELETE FROM {messages} WHERE thread_id = ? AND bucket = ?",
            "clear_buckets": f"DELETE FROM {buckets} WHERE thread_id = ?",
        }
        for direction in ("asc", "desc"):
            texts[f"buckets:{direction}"] = (
                f"SELECT bucket FROM {buckets} WHERE thread_id = ? AND bucket >= ? AND bucket <= ? "
                f"ORDER BY bucket {direction.upper()}"
            )
            texts[f"page:{direction}"] = (
                f"SELECT {COLUMNS} FROM {messages} WHERE thread_id = ? AND bucket = ? AND id > ? AND id < ? "
                f"ORDER BY id {direction.upper()} LIMIT ?"
            )
        return texts
