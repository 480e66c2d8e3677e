"""The contract every message store keeps, run against each backend (Cassandra on the full profile only)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from django.utils.module_loading import import_string

from photogram.core.ids import compose
from photogram.core.ids.generator import IdGenerator
from photogram.core.window import CursorWindow
from photogram.direct.stores import Message, MessageStore

pytestmark = pytest.mark.django_db

# Fresh thread ids for every test: Cassandra keeps no transaction to roll back between tests (or runs).
_ids = IdGenerator()

BACKENDS = {
    "sql": "photogram.direct.stores.sql.SqlMessageStore",
    "cassandra": "photogram.direct.stores.cassandra.CassandraMessageStore",
}
# A bucket of one second: ids a few seconds apart fall in different buckets (and partitions, on Cassandra).
SECOND = 1 / 86_400


@pytest.fixture(params=["sql", pytest.param("cassandra", marks=pytest.mark.full_only)])
def store(request: pytest.FixtureRequest) -> MessageStore:
    built: MessageStore = import_string(BACKENDS[request.param])(bucket_days=SECOND)
    return built


def message_at(thread_id: int, elapsed_ms: int, sequence: int = 0, **fields: object) -> Message:
    """A message whose id says it was sent `elapsed_ms` after the Photogram epoch."""
    return Message(id=compose(elapsed_ms, 1, sequence), thread_id=thread_id, sender_id=7, **fields)  # type: ignore[arg-type]


def ids(store: MessageStore, thread_id: int, **query: int) -> list[int]:
    query.setdefault("limit", 40)
    return [found.id for found in store.page(thread_id, CursorWindow(**query))]


def test_a_message_comes_back_as_it_was_sent(store: MessageStore) -> None:
    thread = _ids.next_id()
    sent = message_at(
        thread,
        5_000,
        text="look at this",
        media_ids=(11, 12),
        shared_status_id=13,
        shared_account_id=14,
        reply_to_id=15,
        story_id=16,
    )
    bare = message_at(thread, 6_000)
    store.add(sent)
    store.add(bare)
    assert store.get(thread, sent.id) == sent
    assert store.get(thread, bare.id) == bare
    assert store.page(thread, CursorWindow(limit=5)) == [bare, sent]
    assert store.get(thread, 12345) is None
    assert store.get(_ids.next_id(), sent.id) is None
    assert store.get_many(thread, [sent.id, bare.id, 99]) == {sent.id: sent, bare.id: bare}


def test_sending_again_writes_the_same_message(store: MessageStore) -> None:
    thread = _ids.next_id()
    sent = message_at(thread, 1_000, text="once")
    store.add(sent)
    store.add(sent)
    assert ids(store, thread) == [sent.id]


def test_pages_cross_bucket_boundaries_for_every_combination_of_cursors(store: MessageStore) -> None:
    thread = _ids.next_id()
    # Twelve messages over three seconds (three buckets) with an empty second between, in a random order.
    moments = [1_000, 1_100, 1_999, 2_000, 2_001, 2_500, 4_000, 4_001, 4_002, 4_999, 5_000, 5_001]
    made = [message_at(thread, moment, sequence=index) for index, moment in enumerate(moments)]
    assert len({store.bucket_of(item.id) for item in made}) == 4
    for item in random.sample(made, len(made)):
        store.add(item)
    every = [item.id for item in made]
    bounds = [None, every[0] - 1, every[2], every[3], every[6], every[9], every[11], every[11] + 1]
    for max_id, since_id, min_id in itertools.product(bounds, repeat=3):
        for limit in (1, 2, 5, 40):
            window = CursorWindow(max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
            assert [found.id for found in store.page(thread, window)] == window.select(every), window


def test_threads_do_not_share_messages(store: MessageStore) -> None:
    first, second = _ids.next_id(), _ids.next_id()
    store.add(message_at(first, 1_000))
    store.add(message_at(second, 1_001))
    assert ids(store, first) == [compose(1_000, 1, 0)]
    assert ids(store, second) == [compose(1_001, 1, 0)]


def test_an_unsent_message_is_gone_for_everyone(store: MessageStore) -> None:
    thread = _ids.next_id()
    kept, unsent = message_at(thread, 1_000), message_at(thread, 3_000)
    store.add(kept)
    store.add(unsent)
    assert store.remove(thread, unsent.id)
    assert not store.remove(thread, unsent.id)
    assert store.get(thread, unsent.id) is None
    assert ids(store, thread) == [kept.id]


def test_each_member_has_one_reaction_per_message(store: MessageStore) -> None:
    thread = _ids.next_id()
    sent = message_at(thread, 1_000, text="hi")
    store.add(sent)
    assert store.react(thread, sent.id, 3, "❤️") == replace(sent, reactions={3: "❤️"})
    assert store.react(thread, sent.id, 4, "😂") == replace(sent, reactions={3: "❤️", 4: "😂"})
    assert store.react(thread, sent.id, 3, "🔥") == replace(sent, reactions={3: "🔥", 4: "😂"})
    assert store.react(thread, sent.id, 4, None) == replace(sent, reactions={3: "🔥"})
    assert store.get(thread, sent.id) == replace(sent, reactions={3: "🔥"})


def test_reacting_to_an_unsent_message_brings_nothing_back(store: MessageStore) -> None:
    thread = _ids.next_id()
    sent = message_at(thread, 1_000)
    store.add(sent)
    store.remove(thread, sent.id)
    assert store.react(thread, sent.id, 3, "❤️") is None
    assert store.react(thread, sent.id, 3, None) is None
    assert store.get(thread, sent.id) is None
    assert ids(store, thread) == []


def test_clearing_a_thread_empties_every_bucket(store: MessageStore) -> None:
    thread, other = _ids.next_id(), _ids.next_id()
    for moment in (1_000, 2_000, 9_000):
        store.add(message_at(thread, moment))
    store.add(message_at(other, 1_000))
    store.clear(thread)
    assert ids(store, thread) == []
    assert len(ids(store, other)) == 1


def test_the_store_answers_its_health_check(store: MessageStore) -> None:
    store.check()
