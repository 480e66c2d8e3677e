"""The embedded profile's story store: rows of `stories.StoryRow` and `stories.StoryViewRow`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from photogram.stories.models import StoryRow, StoryViewRow
from photogram.stories.stores.base import StoryRef, StoryStore, StoryStoreUnavailable, StoryView


def _ref(row: StoryRow) -> StoryRef:
    return StoryRef(row.id, row.author_id, row.media_id, row.audience, row.created_at)


class SqlStoryStore(StoryStore):
    """Keep stories as rows; every read leaves out the expired ones, as Cassandra's TTL would."""

    def add(self, story: StoryRef) -> None:
        StoryRow.objects.get_or_create(
            id=story.id,
            defaults={
                "author_id": story.author_id,
                "media_id": story.media_id,
                "audience": story.audience,
                "created_at": story.created_at,
                "expires_at": self.expires_at(story),
            },
        )

    def get(self, story_id: int) -> StoryRef | None:
        row = self._live().filter(id=story_id).first()
        return _ref(row) if row is not None else None

    def live_of(self, author_ids: Sequence[int]) -> dict[int, list[StoryRef]]:
        found: dict[int, list[StoryRef]] = {}
        for row in self._live().filter(author_id__in=list(author_ids)).order_by("author_id", "-id"):
            found.setdefault(row.author_id, []).append(_ref(row))
        return found

    def remove(self, story: StoryRef) -> None:
        StoryViewRow.objects.filter(story_id=story.id).delete()
        StoryRow.objects.filter(id=story.id).delete()

    def mark_seen(self, viewer_id: int, story: StoryRef, seen_at: datetime) -> bool:
        try:
            with transaction.atomic():
                StoryViewRow.objects.create(
                    story_id=story.id, viewer_id=viewer_id, seen_at=seen_at, expires_at=self.expires_at(story)
                )
        except IntegrityError:
            return False  # seen before: the first look's time stands
        return True

    def seen_among(self, viewer_id: int, story_ids: Sequence[int]) -> set[int]:
        views = StoryViewRow.objects.filter(
            viewer_id=viewer_id, story_id__in=list(story_ids), expires_at__gt=timezone.now()
        )
        return set(views.values_list("story_id", flat=True))

    def viewers(self, story: StoryRef) -> list[StoryView]:
        views = StoryViewRow.objects.filter(story_id=story.id, expires_at__gt=timezone.now()).order_by("-seen_at")
        return [StoryView(viewer_id, seen_at) for viewer_id, seen_at in views.values_list("viewer_id", "seen_at")]

    def purge_expired(self, now: datetime) -> int:
        StoryViewRow.objects.filter(expires_at__lte=now).delete()
        deleted, _ = StoryRow.objects.filter(expires_at__lte=now).delete()
        return deleted

    def check(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            raise StoryStoreUnavailable(f"the story tables cannot be read: {error}") from error

    def _live(self) -> QuerySet[StoryRow]:
        return StoryRow.objects.filter(expires_at__gt=timezone.now())
