"""The contract every counter store keeps, run against each backend (Redis on the full profile only)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.conf import settings

from photogram.core.counters import CounterStore, CountSnapshot
from photogram.core.counters.local import LocalCounterStore
from photogram.core.counters.redis import RedisCounterStore


@pytest.fixture(params=["local", pytest.param("redis", marks=pytest.mark.full_only)])
def store(request: pytest.FixtureRequest) -> CounterStore:
    if request.param == "redis":
        return RedisCounterStore(settings.REDIS_URL, key_prefix=f"photogram-test:counts:{uuid.uuid4().hex}")
    return LocalCounterStore()


def test_a_key_never_offered_is_missing(store: CounterStore) -> None:
    assert store.get_many(["posts.status:1", "accounts.user:2"]) == {}
    assert store.get_many([]) == {}


def test_the_highest_version_wins_whatever_the_order(store: CounterStore) -> None:
    store.offer_many({"a": CountSnapshot(2, {"likes": 20})})
    store.offer_many({"a": CountSnapshot(1, {"likes": 10}), "b": CountSnapshot(1, {"likes": 1})})
    assert store.get_many(["a", "b"]) == {"a": CountSnapshot(2, {"likes": 20}), "b": CountSnapshot(1, {"likes": 1})}
    store.offer_many({"a": CountSnapshot(2, {"likes": 99})})  # same version: the first one stays
    store.offer_many({"a": CountSnapshot(3, {"likes": 30, "saves": 4})})
    assert store.get_many(["a"]) == {"a": CountSnapshot(3, {"likes": 30, "saves": 4})}


def test_forgetting_drops_keys(store: CounterStore) -> None:
    store.offer_many({key: CountSnapshot(5, {"n": 5}) for key in ("a", "b", "c")})
    store.forget_many(["a"])
    assert set(store.get_many(["a", "b", "c"])) == {"b", "c"}
    store.offer_many({"a": CountSnapshot(1, {"n": 1})})  # after a forget, any version is taken
    assert store.get_many(["a"])["a"].version == 1
    store.forget_all()
    assert store.get_many(["a", "b", "c"]) == {}


def test_expired_entries_are_missing() -> None:
    store = LocalCounterStore(ttl_seconds=0)
    store.offer_many({"a": CountSnapshot(1, {"n": 1})})
    assert store.get_many(["a"]) == {}


def test_concurrent_offers_converge_on_the_highest_version(store: CounterStore) -> None:
    versions = list(range(1, 201))
    barrier = threading.Barrier(8)

    def offer(share: list[int]) -> None:
        barrier.wait()
        for version in share:
            store.offer_many({"hot": CountSnapshot(version, {"likes": version})})

    threads = [threading.Thread(target=offer, args=(versions[n::8][::-1],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.get_many(["hot"]) == {"hot": CountSnapshot(200, {"likes": 200})}
