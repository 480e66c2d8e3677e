"""The contract every inbox store keeps, run against each backend (Cassandra on the full profile only)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from photogram.core.cassandra.connection import get_session
from photogram.core.ids import decode
from photogram.core.ids.generator import IdGenerator
from photogram.core.window import CursorWindow
from photogram.notifications.stores import InboxEntry, InboxStore

pytestmark = pytest.mark.django_db

# Fresh owner ids for every inbox: Cassandra keeps no transaction to roll back between tests (or runs).
_ids = IdGenerator()

BACKENDS = {
    "sql": "photogram.notifications.stores.sql.SqlInboxStore",
    "cassandra": "photogram.notifications.stores.cassandra.CassandraInboxStore",
}


def make_store(backend: str, **options: int) -> InboxStore:
    built: InboxStore = import_string(BACKENDS[backend])(**options)
    return built


@pytest.fixture(params=["sql", pytest.param("cassandra", marks=pytest.mark.full_only)])
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def store(backend: str) -> InboxStore:
    return make_store(backend, max_length=50)


def entry(
    entry_id: int | None = None, *, type_: str = "favourite", actor: int = 7, status: int | None = 1
) -> InboxEntry:
    made = entry_id if entry_id is not None else _ids.next_id()
    return InboxEntry(
        id=made,
        type=type_,
        from_account_id=actor,
        status_id=status,
        group_key=f"ungrouped-{made}",
        cause=f"{type_}:{actor}:{status}:{made}",
        # Cassandra keeps milliseconds, as the ids do: the store hands back exactly what it was given.
        created_at=decode(made).created_at,
    )


def ids(store: InboxStore, owner_id: int, **query: int) -> list[int]:
    query.setdefault("limit", 40)
    return [found.id for found in store.page(owner_id, CursorWindow(**query))]


def test_an_entry_comes_back_as_it_was_added(store: InboxStore) -> None:
    owner = _ids.next_id()
    added = entry(status=None, type_="follow")
    assert store.add(owner, added)
    assert store.get(owner, added.id) == added
    assert store.page(owner, CursorWindow(limit=5)) == [added]
    filtered = replace(entry(), filtered=True)
    store.add(owner, filtered)
    assert store.get(owner, filtered.id) == filtered
    assert store.get(owner, 12345) is None
    assert store.get(_ids.next_id(), added.id) is None


def test_pages_follow_every_combination_of_mastodon_cursors(store: InboxStore) -> None:
    owner = _ids.next_id()
    made = [entry() for _ in range(12)]
    for item in made:
        store.add(owner, item)
    every = [item.id for item in made]
    bounds = [None, every[0] - 1, every[3], every[6], every[11], every[11] + 1]
    for max_id, since_id, min_id in itertools.product(bounds, repeat=3):
        for limit in (1, 5, 40):
            window = CursorWindow(max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
            assert [found.id for found in store.page(owner, window)] == window.select(every), window


def test_one_entry_per_cause(store: InboxStore) -> None:
    owner = _ids.next_id()
    first = entry()
    assert store.add(owner, first)
    again = replace(entry(), cause=first.cause)
    assert not store.add(owner, again)
    assert ids(store, owner) == [first.id]
    # Another inbox, the same cause: its own entry.
    assert store.add(_ids.next_id(), again)


def test_removing_by_cause_frees_the_cause(store: InboxStore) -> None:
    owner = _ids.next_id()
    kept, gone = entry(), entry()
    store.add(owner, kept)
    store.add(owner, gone)
    assert store.remove_cause(owner, gone.cause) == gone
    assert store.remove_cause(owner, gone.cause) is None
    assert store.remove_cause(owner, "favourite:1:2") is None
    assert ids(store, owner) == [kept.id]
    back = replace(entry(), cause=gone.cause)
    assert store.add(owner, back)
    assert ids(store, owner) == [back.id, kept.id]


def test_dismissed_entries_leave_with_their_causes(store: InboxStore) -> None:
    owner = _ids.next_id()
    made = [entry() for _ in range(4)]
    for item in made:
        store.add(owner, item)
    store.remove(owner, made[1:3])
    store.remove(owner, [])
    assert ids(store, owner) == [made[3].id, made[0].id]
    assert store.add(owner, replace(entry(), cause=made[1].cause))


def test_remove_where_picks_entries_across_pages(store: InboxStore) -> None:
    owner = _ids.next_id()
    made = [entry(status=number % 3) for number in range(30)]
    for item in made:
        store.add(owner, item)
    removed = store.remove_where(owner, lambda found: found.status_id == 0)
    assert sorted(found.id for found in removed) == sorted(item.id for item in made if item.status_id == 0)
    assert ids(store, owner) == [item.id for item in reversed(made) if item.status_id != 0]


def test_clear_empties_one_inbox_only(store: InboxStore) -> None:
    owner, other = _ids.next_id(), _ids.next_id()
    first = entry()
    store.add(owner, first)
    store.add(other, entry())
    store.clear(owner)
    assert ids(store, owner) == []
    assert len(ids(store, other)) == 1
    assert store.add(owner, first)


def test_an_inbox_is_trimmed_to_its_length(backend: str) -> None:
    store = make_store(backend, max_length=5, trim_every=1)
    owner = _ids.next_id()
    made = [entry() for _ in range(8)]
    for item in made:
        store.add(owner, item)
    assert ids(store, owner) == [item.id for item in reversed(made)][:5]


def test_sql_entries_past_the_age_limit_are_not_shown() -> None:
    store = make_store("sql", ttl_days=1)
    owner = _ids.next_id()
    old = replace(entry(), created_at=timezone.now() - timedelta(days=2))
    fresh = entry()
    store.add(owner, old)
    store.add(owner, fresh)
    assert ids(store, owner) == [fresh.id]
    assert store.get(owner, old.id) is None


def test_check_answers_when_the_store_is_up(store: InboxStore) -> None:
    store.check()


@pytest.mark.full_only
def test_cassandra_entries_expire_after_the_age_limit() -> None:
    store = make_store("cassandra", ttl_days=2)
    owner = _ids.next_id()
    added = entry()
    store.add(owner, added)
    session = get_session()
    keyspace = settings.CASSANDRA["KEYSPACE"]
    (ttl,) = session.execute(
        f"SELECT TTL(type) FROM {keyspace}.notification_inbox WHERE owner_id = %s AND id = %s", (owner, added.id)
    ).one()
    (cause_ttl,) = session.execute(
        f"SELECT TTL(id) FROM {keyspace}.notification_causes WHERE owner_id = %s AND cause = %s", (owner, added.cause)
    ).one()
    assert 2 * 86400 - 60 < ttl <= 2 * 86400
    assert 2 * 86400 - 60 < cause_ttl <= 2 * 86400
