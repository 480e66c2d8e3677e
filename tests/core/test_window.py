"""The cursor window, the reference every feed store and paged query is checked against, pinned on cases worked
out by hand from Mastodon's documented semantics (docs.joinmastodon.org, "Paginating through results")."""

from __future__ import annotations

import itertools

import pytest

from photogram.core.window import CursorWindow
from photogram.feeds.models import FeedEntry
from photogram.feeds.stores import FeedItem

IDS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (CursorWindow(limit=3), [100, 90, 80]),
        (CursorWindow(limit=40), IDS[::-1]),
        # max_id: an exclusive upper bound, newest first (the next older page).
        (CursorWindow(max_id=80, limit=3), [70, 60, 50]),
        (CursorWindow(max_id=75, limit=3), [70, 60, 50]),
        (CursorWindow(max_id=10), []),
        # since_id: an exclusive lower bound, still newest first: a gap is left above the cursor.
        (CursorWindow(since_id=70, limit=2), [100, 90]),
        (CursorWindow(since_id=100), []),
        # min_id: an exclusive lower bound whose oldest rows are taken first (no gap), shown newest first.
        (CursorWindow(min_id=70, limit=2), [90, 80]),
        (CursorWindow(min_id=5, limit=3), [30, 20, 10]),
        (CursorWindow(min_id=100), []),
        # Both lower bounds: the higher one holds, and min_id still takes the oldest rows first.
        (CursorWindow(since_id=50, min_id=70, limit=5), [100, 90, 80]),
        (CursorWindow(since_id=70, min_id=50, limit=2), [90, 80]),
        # An upper and a lower bound.
        (CursorWindow(max_id=90, since_id=40, limit=2), [80, 70]),
        (CursorWindow(max_id=90, min_id=40, limit=2), [60, 50]),
        (CursorWindow(max_id=50, since_id=50), []),
        (CursorWindow(max_id=51, since_id=49), [50]),
    ],
    ids=repr,
)
def test_the_reference_selects_as_mastodon_documents(window: CursorWindow, expected: list[int]) -> None:
    assert window.select(IDS) == expected
    assert window.select(reversed([*IDS, *IDS])) == expected  # any order in, duplicates once


def test_bounds_limit_and_items() -> None:
    assert CursorWindow().limit == 20
    assert CursorWindow(since_id=3, min_id=7).lower_bound == 7
    assert CursorWindow(since_id=7, min_id=3).lower_bound == 7
    assert CursorWindow(max_id=9).lower_bound is None
    assert (CursorWindow(since_id=3).oldest_first, CursorWindow(min_id=3).oldest_first) == (False, True)
    assert [CursorWindow(max_id=30, since_id=10).contains(row) for row in (10, 20, 30)] == [False, True, False]
    with pytest.raises(ValueError, match="at least one row"):
        CursorWindow(limit=0)
    items = [FeedItem(status_id, author_id=status_id // 10) for status_id in IDS]
    assert CursorWindow(min_id=70, limit=2).select_items(items) == [FeedItem(90, 9), FeedItem(80, 8)]


@pytest.mark.django_db
def test_a_query_selects_what_the_reference_does() -> None:
    FeedEntry.objects.bulk_create(FeedEntry(owner_id=1, status_id=row, author_id=row // 10) for row in IDS)
    rows = FeedEntry.objects.filter(owner_id=1)
    cursors = [None, 5, 40, 45, 100, 200]
    for max_id, since_id, min_id, limit in itertools.product(cursors, cursors, cursors, (1, 3, 40)):
        window = CursorWindow(max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
        assert [row.status_id for row in window.filter(rows, "status_id")] == window.select(IDS), window
        assert window.filter(rows.values_list("status_id", flat=True), "status_id") == window.select(IDS), window
