"""Mastodon's cursor window: which rows of a newest-first list one page shows.

`max_id`: only rows with ids below it (the older page). `since_id`: only rows above it, newest first (what is
new since, possibly leaving a gap). `min_id`: only rows above it, the oldest ones first picked (the page just
above a cursor, with no gap), shown newest first. `limit`: at most that many.

`CursorWindow.select` is the reference: every store and query that pages by these cursors is checked against it
(`tests/feeds/test_store_contract.py`, `tests/core/test_window.py`), and those that can use it directly do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.db.models import Model, QuerySet

# Ids are positive signed 64-bit integers; a cursor outside that range is not one this server gave out.
MAX_ID = 2**63 - 1

M = TypeVar("M", bound=Model)
R = TypeVar("R")


class _Keyed(Protocol):
    @property
    def status_id(self) -> int: ...


K = TypeVar("K", bound=_Keyed)


@dataclass(frozen=True, slots=True)
class CursorWindow:
    """The cursors and size of one page of a newest-first list of ids."""

    max_id: int | None = None
    since_id: int | None = None
    min_id: int | None = None
    limit: int = 20

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"a window holds at least one row, not {self.limit}")

    @property
    def lower_bound(self) -> int | None:
        """Return the id every row must be above (the larger of since_id and min_id), None for no bound."""
        if self.since_id is None:
            return self.min_id
        if self.min_id is None:
            return self.since_id
        return max(self.since_id, self.min_id)

    @property
    def oldest_first(self) -> bool:
        """Return whether the rows are picked from the oldest end (min_id), then shown newest first."""
        return self.min_id is not None

    def contains(self, row_id: int) -> bool:
        """Return whether `row_id` lies between the window's bounds (the limit aside)."""
        low = self.lower_bound
        return (self.max_id is None or row_id < self.max_id) and (low is None or row_id > low)

    def select(self, row_ids: Iterable[int]) -> list[int]:
        """Return the ids of the page, newest first: the reference every implementation must agree with."""
        inside = sorted({row_id for row_id in row_ids if self.contains(row_id)}, reverse=not self.oldest_first)
        page = inside[: self.limit]
        return page[::-1] if self.oldest_first else page

    def select_items(self, items: Iterable[K]) -> list[K]:
        """Return the page of `items` (anything ordered by its id first, like FeedItem), newest first."""
        by_id = {item.status_id: item for item in items}
        return [by_id[row_id] for row_id in self.select(by_id)]

    def filter(self, rows: QuerySet[M, R], field: str = "id") -> list[R]:
        """Return the page of a queryset (models or `values_list` rows), cursors on `field`, newest first."""
        if self.max_id is not None:
            rows = rows.filter(**{f"{field}__lt": self.max_id})
        if (low := self.lower_bound) is not None:
            rows = rows.filter(**{f"{field}__gt": low})
        if self.oldest_first:
            return list(rows.order_by(field)[: self.limit])[::-1]
        return list(rows.order_by(f"-{field}")[: self.limit])
