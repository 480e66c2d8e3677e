"""The story store interface: live stories by author and by id, who saw which, all gone after `ttl_seconds`.

A story lives `ttl_seconds` (24 hours) from its creation; after that no read returns it, nor its seen marks
and viewers. Cassandra forgets expired rows by itself (`USING TTL`); the SQL backend leaves them out of every
read and deletes them in `purge_expired`, which a periodic task runs.
"""

from __future__ import annotations

import abc
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DAY_SECONDS = 86400


class StoryStoreUnavailable(Exception):
    """The store cannot answer now (a Cassandra node down, a timeout); the message says what failed."""


@dataclass(frozen=True, slots=True)
class StoryRef:
    """One live story: what the TTL store keeps of it (the media and the audience live elsewhere)."""

    id: int
    author_id: int
    media_id: int
    audience: str  # "followers" or "close_friends"
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoryView:
    """One viewer's first look at one story."""

    viewer_id: int
    seen_at: datetime


class StoryStore(abc.ABC):
    """Keep stories for `ttl_seconds` from their creation, with their seen marks and viewers."""

    def __init__(self, *, ttl_seconds: int = DAY_SECONDS) -> None:
        if ttl_seconds < 1:
            raise ValueError("ttl_seconds must be at least 1")
        self.ttl_seconds = ttl_seconds

    def expires_at(self, story: StoryRef) -> datetime:
        """Return when the story (and all the store keeps of it) stops being returned."""
        return story.created_at + timedelta(seconds=self.ttl_seconds)

    def remaining_seconds(self, story: StoryRef, now: datetime) -> int:
        """Return how long the story has left, in whole seconds rounded up (0 when it is gone): a TTL never
        ends a row before `expires_at`, when the expiry task releases the story's upload."""
        return max(0, math.ceil((self.expires_at(story) - now).total_seconds()))

    @abc.abstractmethod
    def add(self, story: StoryRef) -> None:
        """Keep a new story (idempotent: adding the same story again changes nothing)."""

    @abc.abstractmethod
    def get(self, story_id: int) -> StoryRef | None:
        """Return a live story by id, None if there is none (never was, expired, removed)."""

    @abc.abstractmethod
    def live_of(self, author_ids: Sequence[int]) -> dict[int, list[StoryRef]]:
        """Return each author's live stories, newest first; authors without any are left out."""

    @abc.abstractmethod
    def remove(self, story: StoryRef) -> None:
        """Take a story out before it expires (its author deleted it), with its seen marks and viewers."""

    @abc.abstractmethod
    def mark_seen(self, viewer_id: int, story: StoryRef, seen_at: datetime) -> bool:
        """Record that `viewer_id` saw a live story; return whether this was their first look."""

    @abc.abstractmethod
    def seen_among(self, viewer_id: int, story_ids: Sequence[int]) -> set[int]:
        """Return which of these stories the viewer has seen (while they live)."""

    @abc.abstractmethod
    def viewers(self, story: StoryRef) -> list[StoryView]:
        """Return who saw a live story and when, latest first."""

    @abc.abstractmethod
    def purge_expired(self, now: datetime) -> int:
        """Delete what expired by `now` where the backend keeps it (SQL); return how many stories went."""

    @abc.abstractmethod
    def check(self) -> None:
        """Raise StoryStoreUnavailable unless the store answers (health checks)."""
