"""The embedded profile's feed store: rows of a `FeedRow` model (`feeds.FeedEntry` for home feeds) in the
relational database."""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.db import DatabaseError, connection

from photogram.core.window import CursorWindow
from photogram.feeds.models import FeedRow
from photogram.feeds.stores.base import FeedItem, FeedStore, FeedStoreUnavailable

BATCH_SIZE = 1000


class SqlFeedStore(FeedStore):
    """Keep feeds as (owner_id, status_id) rows of `model`; `ignore_conflicts` makes inserts idempotent."""

    def __init__(self, *, max_length: int = 800, trim_every: int = 64, model: str = "feeds.FeedEntry") -> None:
        super().__init__(max_length=max_length, trim_every=trim_every)
        self.model_label = model

    @property
    def rows(self) -> type[FeedRow]:
        """The model whose table holds the feeds (looked up on use: settings are read before apps are ready)."""
        model: type[FeedRow] = apps.get_model(self.model_label)
        return model

    def page(self, owner_id: int, window: CursorWindow) -> list[FeedItem]:
        rows = self.rows._default_manager.filter(owner_id=owner_id).values_list("status_id", "author_id")
        return [FeedItem(status_id, author_id) for status_id, author_id in window.filter(rows, "status_id")]

    def remove(self, owner_ids: Sequence[int], status_id: int) -> None:
        for start in range(0, len(owner_ids), BATCH_SIZE):
            chunk = owner_ids[start : start + BATCH_SIZE]
            self.rows._default_manager.filter(owner_id__in=chunk, status_id=status_id).delete()

    def remove_author(self, owner_id: int, author_id: int) -> None:
        self.rows._default_manager.filter(owner_id=owner_id, author_id=author_id).delete()

    def clear(self, owner_id: int) -> None:
        self.rows._default_manager.filter(owner_id=owner_id).delete()

    def check(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            raise FeedStoreUnavailable(f"the feed tables cannot be read: {error}") from error

    def _insert(self, owner_ids: Sequence[int], item: FeedItem) -> None:
        rows = self.rows
        rows._default_manager.bulk_create(
            (rows(owner_id=owner_id, status_id=item.status_id, author_id=item.author_id) for owner_id in owner_ids),
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )

    def _insert_many(self, owner_id: int, items: Sequence[FeedItem]) -> None:
        rows = self.rows
        rows._default_manager.bulk_create(
            (rows(owner_id=owner_id, status_id=item.status_id, author_id=item.author_id) for item in items),
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )

    def _trim_many(self, owner_ids: Sequence[int]) -> None:
        for owner_id in owner_ids:
            newest = self.rows._default_manager.filter(owner_id=owner_id).order_by("-status_id")
            beyond = list(newest.values_list("status_id", flat=True)[self.max_length : self.max_length + 1])
            if beyond:
                self.rows._default_manager.filter(owner_id=owner_id, status_id__lte=beyond[0]).delete()
