"""The contract every feed store keeps, run against each backend (Cassandra on the full profile only), over the
home feeds' tables and the list feeds' ("-lists")."""

from __future__ import annotations

import itertools

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from photogram.core.ids.generator import IdGenerator
from photogram.core.window import CursorWindow
from photogram.feeds.stores import FeedItem, FeedStore, feeds
from photogram.feeds.stores.cassandra import CassandraFeedStore
from photogram.feeds.stores.head_cache import HeadCachedFeedStore
from photogram.feeds.stores.sql import SqlFeedStore
from photogram.lists.models import ListFeedEntry

pytestmark = pytest.mark.django_db

# Fresh owner ids for every feed: Cassandra keeps no transaction to roll back between tests (or runs).
_ids = IdGenerator()


SQL = "photogram.feeds.stores.sql.SqlFeedStore"
CASSANDRA = "photogram.feeds.stores.cassandra.CassandraFeedStore"
# Each backend, and the options that choose its table.
BACKENDS: dict[str, tuple[str, dict[str, str]]] = {
    "sql": (SQL, {}),
    "cassandra": (CASSANDRA, {}),
    "sql-lists": (SQL, {"model": "lists.ListFeedEntry"}),
    "cassandra-lists": (CASSANDRA, {"table": "list_feed"}),
}


def make_store(backend: str, *, max_length: int, trim_every: int = 64) -> FeedStore:
    """Build `backend`: "sql", "cassandra", either over list feeds ("sql-lists"), or behind the head cache
    ("sql+head4": heads of 4)."""
    name, _, head = backend.partition("+head")
    path, table = BACKENDS[name]
    options = {"max_length": max_length, "trim_every": trim_every, **table}
    if head:
        return HeadCachedFeedStore(store={"BACKEND": path, "OPTIONS": options}, head_length=int(head))
    built: FeedStore = import_string(path)(**options)
    return built


# Heads of 4 answer some pages from the cache and send the rest behind; heads of 40 hold whole test feeds.
@pytest.fixture(
    params=[
        "sql",
        "sql+head4",
        "sql+head40",
        pytest.param("cassandra", marks=pytest.mark.full_only),
        pytest.param("cassandra+head4", marks=pytest.mark.full_only),
        "sql-lists",
        pytest.param("cassandra-lists", marks=pytest.mark.full_only),
    ]
)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def store(backend: str) -> FeedStore:
    return make_store(backend, max_length=50)


def owner() -> int:
    return _ids.next_id()


def expect(store: FeedStore, owner_id: int, expected: list[int], **query: int) -> None:
    """Assert that the page of the window `query` makes holds the posts `expected`, newest first."""
    query.setdefault("limit", 40)
    assert [item.status_id for item in store.page(owner_id, CursorWindow(**query))] == expected


def test_pages_are_newest_first_with_mastodon_cursors(store: FeedStore) -> None:
    reader = owner()
    for status_id in range(101, 111):
        store.insert([reader], FeedItem(status_id, author_id=status_id % 3))
    expect(store, reader, [110, 109, 108, 107], limit=4)
    expect(store, reader, [106, 105, 104, 103], max_id=107, limit=4)
    expect(store, reader, [110, 109], since_id=107, limit=2)
    expect(store, reader, [105, 104], min_id=103, limit=2)
    expect(store, reader, [104], min_id=103, max_id=105, limit=5)
    expect(store, reader, [107, 106, 105], since_id=104, max_id=108, limit=5)
    expect(store, reader, [], max_id=101)
    assert store.page(reader, CursorWindow(limit=1)) == [FeedItem(110, 110 % 3)]
    assert store.page(owner(), CursorWindow()) == []


# Cursors around the feed below: absent, below every id, between two ids, at the last id of a head of 4, at
# another id, above every id. Limits below, at and above a head of 4.
CURSORS = [None, 1, 111, 114, 116, 500]
LIMITS = [1, 3, 4, 40]


def test_every_window_selects_what_the_reference_does(store: FeedStore) -> None:
    reader = owner()
    items = [FeedItem(status_id, author_id=status_id % 5) for status_id in range(102, 121, 2)]
    store.insert_many(reader, items)
    for max_id, since_id, min_id, limit in itertools.product(CURSORS, CURSORS, CURSORS, LIMITS):
        window = CursorWindow(max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
        assert store.page(reader, window) == window.select_items(items), window


def test_inserting_again_never_duplicates(store: FeedStore) -> None:
    readers = [owner() for _ in range(3)]
    item = FeedItem(500, author_id=9)
    store.insert(readers, item)
    store.insert(readers, item)
    store.insert_many(readers[0], [item, item])
    for reader in readers:
        expect(store, reader, [500])


def test_one_post_reaches_many_feeds_and_removal_takes_it_out(store: FeedStore) -> None:
    readers = [owner() for _ in range(1200)]
    store.insert(readers, FeedItem(900, author_id=1))
    store.insert(readers[:2], FeedItem(901, author_id=2))
    for reader in readers[2:]:
        expect(store, reader, [900])
    store.remove(readers, 900)
    store.remove(readers, 900)
    expect(store, readers[0], [901])
    for reader in readers[2:]:
        expect(store, reader, [])


def test_an_authors_posts_leave_one_feed(store: FeedStore) -> None:
    reader, other = owner(), owner()
    store.insert_many(reader, [FeedItem(status_id, author_id=status_id % 2) for status_id in range(1, 11)])
    store.insert_many(other, [FeedItem(status_id, author_id=status_id % 2) for status_id in range(1, 11)])
    expect(store, reader, list(range(10, 0, -1)))
    store.remove_author(reader, 1)
    expect(store, reader, [10, 8, 6, 4, 2])
    expect(store, other, list(range(10, 0, -1)))
    store.clear(reader)
    expect(store, reader, [])
    expect(store, other, list(range(10, 0, -1)))


def test_feeds_are_trimmed_to_their_length(backend: str) -> None:
    every_time = make_store(backend, max_length=5, trim_every=1)
    reader = owner()
    for status_id in range(1, 21):
        every_time.insert([reader], FeedItem(status_id, author_id=1))
    expect(every_time, reader, [20, 19, 18, 17, 16])

    seldom = make_store(backend, max_length=5, trim_every=1000)
    bulk, lagging = owner(), owner()
    seldom.insert_many(bulk, [FeedItem(status_id, author_id=1) for status_id in range(1, 21)])
    expect_trimmed(seldom, bulk, [20, 19, 18, 17, 16])
    for status_id in range(1, 21):
        seldom.insert([lagging], FeedItem(status_id, author_id=1))
    # A trim is due on about one insert in 1,000 (a hash of owner and post): usually none ran yet, but one may.
    untrimmed = [item.status_id for item in seldom.page(lagging, CursorWindow(limit=40))]
    # Either way the feed holds its newest posts without a gap, and at least max_length of them.
    assert len(untrimmed) >= 5
    assert untrimmed == list(range(20, 20 - len(untrimmed), -1))
    expect_trimmed(seldom, lagging, [20, 19, 18, 17, 16])


def expect_trimmed(store: FeedStore, owner_id: int, expected: list[int]) -> None:
    store.trim(owner_id)
    assert [item.status_id for item in store.page(owner_id, CursorWindow(limit=40))] == expected


def test_the_store_answers_its_health_check(store: FeedStore) -> None:
    store.check()


@pytest.mark.parametrize("kind", ["sql", pytest.param("cassandra", marks=pytest.mark.full_only)])
def test_home_and_list_feeds_are_kept_apart(kind: str) -> None:
    home, of_lists = make_store(kind, max_length=50), make_store(f"{kind}-lists", max_length=50)
    shared = owner()  # a reader's id and a list's never meet, but the tables must not depend on it
    home.insert([shared], FeedItem(1, author_id=1))
    of_lists.insert_many(shared, [FeedItem(2, author_id=2)])
    expect(home, shared, [1])
    expect(of_lists, shared, [2])
    of_lists.clear(shared)
    expect(home, shared, [1])


def test_settings_choose_the_profiles_backend() -> None:
    store, of_lists = feeds.default, feeds["lists"]
    if settings.FULL_PROFILE:
        assert isinstance(store, HeadCachedFeedStore)
        assert isinstance(store.behind, CassandraFeedStore)
        assert store.head_length == 40
        assert isinstance(of_lists, CassandraFeedStore)
        assert of_lists.table == "list_feed"
    else:
        assert isinstance(store, SqlFeedStore)
        assert isinstance(of_lists, SqlFeedStore)
        assert of_lists.rows is ListFeedEntry
    assert store.max_length == of_lists.max_length == 800
