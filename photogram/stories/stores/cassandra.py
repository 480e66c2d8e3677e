"""The full profile's story store: Cassandra tables whose every row expires with its story (`USING TTL`).

`stories_by_author` (one partition per author, newest first) serves the tray and a profile's stories,
`stories_by_id` a story named by its id, `story_seen` each viewer's seen marks and `story_viewers` each
story's viewers (stories/cql/0001_stories.cql). Seen marks and viewers are written with the story's
remaining lifetime as their TTL, so they all vanish together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from cassandra.cluster import Session
from cassandra.concurrent import execute_concurrent_with_args
from cassandra.query import PreparedStatement
from django.conf import settings
from django.utils import timezone

from photogram.core.cassandra.connection import READ_PROFILE
from photogram.core.cassandra.prepared import PreparedStatements, driver_errors
from photogram.stories.stores.base import StoryRef, StoryStore, StoryStoreUnavailable, StoryView

COLUMNS = "id, author_id, media_id, audience, created_at"


def _ref(row: Any) -> StoryRef:
    return StoryRef(row.id, row.author_id, row.media_id, row.audience, row.created_at.replace(tzinfo=UTC))


class CassandraStoryStore(StoryStore):
    """Keep stories in `<keyspace>`'s story tables, each row living as long as its story."""

    def __init__(self, *, ttl_seconds: int = 86400, keyspace: str = "") -> None:
        super().__init__(ttl_seconds=ttl_seconds)
        keyspace = keyspace or settings.CASSANDRA["KEYSPACE"]
        by_author, by_id = f"{keyspace}.stories_by_author", f"{keyspace}.stories_by_id"
        seen, viewers = f"{keyspace}.story_seen", f"{keyspace}.story_viewers"
        texts = {
            "add_by_author": f"INSERT INTO {by_author} ({COLUMNS}) VALUES (?, ?, ?, ?, ?) USING TTL ?",
            "add_by_id": f"INSERT INTO {by_id} ({COLUMNS}) VALUES (?, ?, ?, ?, ?) USING TTL ?",
            "get": f"SELECT {COLUMNS} FROM {by_id} WHERE id = ?",
            "of_author": f"SELECT {COLUMNS} FROM {by_author} WHERE author_id = ?",
            "remove_by_author": f"DELETE FROM {by_author} WHERE author_id = ? AND id = ?",
            "remove_by_id": f"DELETE FROM {by_id} WHERE id = ?",
            "remove_viewers": f"DELETE FROM {viewers} WHERE story_id = ?",
            "first_look": (
                f"INSERT INTO {viewers} (story_id, viewer_id, seen_at) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?"
            ),
            "mark_seen": f"INSERT INTO {seen} (viewer_id, story_id) VALUES (?, ?) USING TTL ?",
            "seen": f"SELECT story_id FROM {seen} WHERE viewer_id = ? AND story_id IN ?",
            "viewers": f"SELECT viewer_id, seen_at FROM {viewers} WHERE story_id = ?",
        }
        self.statements = PreparedStatements(lambda: texts, StoryStoreUnavailable)

    def _ttl(self, story: StoryRef) -> int:
        """The TTL that ends a row no sooner than the story: 0 if it has ended already.

        Cassandra counts a TTL from the whole second of the write, so a row can die up to a second early;
        one second more keeps it until `expires_at`, when the expiry task releases the story's upload.
        """
        remaining = self.remaining_seconds(story, timezone.now())
        return remaining + 1 if remaining else 0

    def add(self, story: StoryRef) -> None:
        ttl = self._ttl(story)
        if ttl == 0:
            return  # already expired: there is nothing to keep
        values = (story.id, story.author_id, story.media_id, story.audience, story.created_at, ttl)
        session, by_author = self._get("add_by_author")
        _, by_id = self._get("add_by_id")
        with driver_errors(StoryStoreUnavailable, "add a story"):
            session.execute(by_author, values)
            session.execute(by_id, values)

    def get(self, story_id: int) -> StoryRef | None:
        session, statement = self._get("get")
        with driver_errors(StoryStoreUnavailable, "read a story"):
            row = session.execute(statement, (story_id,), execution_profile=READ_PROFILE).one()
        return _ref(row) if row is not None else None

    def live_of(self, author_ids: Sequence[int]) -> dict[int, list[StoryRef]]:
        session, statement = self._get("of_author")
        authors = list(dict.fromkeys(author_ids))
        found: dict[int, list[StoryRef]] = {}
        with driver_errors(StoryStoreUnavailable, "read stories"):
            # One partition read per author, in flight together (token-aware: each goes to a replica).
            results = execute_concurrent_with_args(
                session, statement, [(author,) for author in authors], concurrency=64, raise_on_first_error=True
            )
            for author, (_, rows) in zip(authors, results, strict=True):
                stories = [_ref(row) for row in rows]
                if stories:
                    found[author] = stories
        return found

    def remove(self, story: StoryRef) -> None:
        session, by_author = self._get("remove_by_author")
        _, by_id = self._get("remove_by_id")
        _, viewers = self._get("remove_viewers")
        with driver_errors(StoryStoreUnavailable, "remove a story"):
            session.execute(by_author, (story.author_id, story.id))
            session.execute(by_id, (story.id,))
            # Seen marks live in the viewers' partitions; they expire with the story's TTL unread.
            session.execute(viewers, (story.id,))

    def mark_seen(self, viewer_id: int, story: StoryRef, seen_at: datetime) -> bool:
        ttl = self._ttl(story)
        if ttl == 0:
            return False
        session, first_look = self._get("first_look")
        _, mark = self._get("mark_seen")
        with driver_errors(StoryStoreUnavailable, "record a view"):
            # A lightweight transaction: of two looks at once, one is the first (and keeps its time).
            first = session.execute(first_look, (story.id, viewer_id, seen_at, ttl)).was_applied
            session.execute(mark, (viewer_id, story.id, ttl))
        return bool(first)

    def seen_among(self, viewer_id: int, story_ids: Sequence[int]) -> set[int]:
        if not story_ids:
            return set()
        session, statement = self._get("seen")
        with driver_errors(StoryStoreUnavailable, "read seen marks"):
            rows = session.execute(statement, (viewer_id, list(story_ids)), execution_profile=READ_PROFILE)
            return {row.story_id for row in rows}

    def viewers(self, story: StoryRef) -> list[StoryView]:
        session, statement = self._get("viewers")
        with driver_errors(StoryStoreUnavailable, "read a story's viewers"):
            rows = session.execute(statement, (story.id,), execution_profile=READ_PROFILE)
            views = [StoryView(row.viewer_id, row.seen_at.replace(tzinfo=UTC)) for row in rows]
        return sorted(views, key=lambda view: view.seen_at, reverse=True)

    def purge_expired(self, now: datetime) -> int:
        return 0  # the TTL has done it

    def check(self) -> None:
        session, statement = self._get("get")
        with driver_errors(StoryStoreUnavailable, "read a story"):
            session.execute(statement, (0,), execution_profile=READ_PROFILE)

    def _get(self, name: str) -> tuple[Session, PreparedStatement]:
        session, statements = self.statements.get()
        return session, statements[name]
