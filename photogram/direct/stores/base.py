"""The message store interface: each thread's messages, newest first, paged by Mastodon's cursors.

A message is keyed by its time-sortable id within its thread. Who may read a thread, and what each member
has read, is relational (`direct.models`); the store only keeps what was said, which grows without bound.
Backends may split a thread into time buckets (Cassandra does, so no partition grows without bound):
`bucket_of` is the one definition of which bucket an id falls in.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass, field

from photogram.core.ids.layout import SEQUENCE_BITS, SHARD_BITS
from photogram.core.window import CursorWindow


class MessageStoreUnavailable(Exception):
    """The store cannot answer now (a Cassandra node down, a timeout); the message says what failed."""


@dataclass(frozen=True, slots=True)
class Message:
    """One message of one thread, as stored: what was sent, and the members' reactions to it."""

    id: int
    thread_id: int
    sender_id: int
    text: str = ""
    media_ids: tuple[int, ...] = ()
    shared_status_id: int | None = None
    shared_account_id: int | None = None
    reply_to_id: int | None = None
    story_id: int | None = None  # the story a story reply or reaction answers (it may have expired)
    reactions: dict[int, str] = field(default_factory=dict)  # member id -> emoji


class MessageStore(abc.ABC):
    """Keep each thread's messages; `bucket_days` is how much time one Cassandra partition covers."""

    def __init__(self, *, bucket_days: float = 7) -> None:
        if bucket_days <= 0:
            raise ValueError("bucket_days must be above 0")
        self.bucket_ms = max(1, round(bucket_days * 86_400_000))

    def bucket_of(self, message_id: int) -> int:
        """Return the time bucket of a message id (its milliseconds since the epoch, by bucket size)."""
        return (message_id >> (SHARD_BITS + SEQUENCE_BITS)) // self.bucket_ms

    def get_many(self, thread_id: int, message_ids: Iterable[int]) -> dict[int, Message]:
        """Return the messages of `message_ids` that a thread holds, by id (replies name their originals)."""
        found = {}
        for message_id in set(message_ids):
            message = self.get(thread_id, message_id)
            if message is not None:
                found[message_id] = message
        return found

    @abc.abstractmethod
    def add(self, message: Message) -> None:
        """Write a message (again: the same id writes the same row, so a retried task adds nothing)."""

    @abc.abstractmethod
    def get(self, thread_id: int, message_id: int) -> Message | None:
        """Return one message of a thread, None if it has none of that id."""

    @abc.abstractmethod
    def page(self, thread_id: int, window: CursorWindow) -> list[Message]:
        """Return the messages `window` selects by id, newest first (as `window.select` would)."""

    @abc.abstractmethod
    def remove(self, thread_id: int, message_id: int) -> bool:
        """Delete a message for everyone (unsend); return whether there was one."""

    @abc.abstractmethod
    def react(self, thread_id: int, message_id: int, member_id: int, emoji: str | None) -> Message | None:
        """Set (or with None, take back) a member's reaction; return the message, None if it is not there."""

    @abc.abstractmethod
    def clear(self, thread_id: int) -> None:
        """Delete every message of a thread (its last member left)."""

    @abc.abstractmethod
    def check(self) -> None:
        """Raise MessageStoreUnavailable unless the store answers (health checks)."""
