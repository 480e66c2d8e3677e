"""The contract every rate-limit store keeps, run against each backend (Redis on the full profile only)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from photogram.core.ratelimit import RateLimitStore, rate_limits
from photogram.core.ratelimit.local import LocalRateLimitStore
from photogram.core.ratelimit.redis import RedisRateLimitStore

# Long enough that no test crosses a window boundary, short enough that Redis drops the test keys soon.
HOUR = 3600
TEST_PREFIX = "photogram-test:ratelimit"


def make_store(backend: str) -> RateLimitStore:
    if backend == "redis":
        return RedisRateLimitStore(settings.REDIS_URL, key_prefix=TEST_PREFIX)
    return LocalRateLimitStore()


@pytest.fixture(params=["local", pytest.param("redis", marks=pytest.mark.full_only)])
def store(request: pytest.FixtureRequest) -> RateLimitStore:
    backend: str = request.param
    return make_store(backend)


def fresh_key() -> str:
    return f"test:{uuid.uuid4().hex}"


def test_counts_up_to_the_limit_then_refuses(store: RateLimitStore) -> None:
    key = fresh_key()
    results = [store.hit(key, limit=3, window_seconds=HOUR) for _ in range(5)]
    assert [result.allowed for result in results] == [True, True, True, False, False]
    assert [result.remaining for result in results] == [2, 1, 0, 0, 0]
    assert {result.limit for result in results} == {3}
    assert [result.retry_after for result in results[:3]] == [0, 0, 0]
    assert 1 <= results[3].retry_after <= HOUR


def test_reset_at_is_the_end_of_the_aligned_window(store: RateLimitStore) -> None:
    before = time.time()
    result = store.hit(fresh_key(), limit=10, window_seconds=HOUR)
    assert result.reset_at % HOUR == 0
    assert before < result.reset_at <= time.time() + HOUR


def test_a_new_window_starts_afresh(store: RateLimitStore) -> None:
    key = fresh_key()
    # Start early enough in a one-second window that the hits below all land in it.
    if time.time() % 1 > 0.7:
        time.sleep(1 - time.time() % 1)
    first = [store.hit(key, limit=2, window_seconds=1) for _ in range(3)]
    assert [result.allowed for result in first] == [True, True, False]
    assert len({result.reset_at for result in first}) == 1
    time.sleep(max(0.0, first[0].reset_at - time.time()) + 0.02)
    after = store.hit(key, limit=2, window_seconds=1)
    assert after.allowed
    assert after.remaining == 1
    assert after.reset_at == first[0].reset_at + 1


def test_a_hit_may_cost_more_than_one(store: RateLimitStore) -> None:
    key = fresh_key()
    assert store.hit(key, limit=10, window_seconds=HOUR, cost=4).remaining == 6
    assert store.hit(key, limit=10, window_seconds=HOUR, cost=6).remaining == 0
    refused = store.hit(key, limit=10, window_seconds=HOUR, cost=1)
    assert not refused.allowed
    # A costly hit beyond the limit is refused even though a cheaper one would have fitted.
    other = fresh_key()
    store.hit(other, limit=10, window_seconds=HOUR, cost=9)
    assert not store.hit(other, limit=10, window_seconds=HOUR, cost=2).allowed


def test_peek_does_not_count(store: RateLimitStore) -> None:
    key = fresh_key()
    untouched = store.peek(key, limit=2, window_seconds=HOUR)
    assert (untouched.allowed, untouched.remaining, untouched.retry_after) == (True, 2, 0)
    store.hit(key, limit=2, window_seconds=HOUR)
    for _ in range(3):
        assert store.peek(key, limit=2, window_seconds=HOUR).remaining == 1
    store.hit(key, limit=2, window_seconds=HOUR)
    exhausted = store.peek(key, limit=2, window_seconds=HOUR)
    assert (exhausted.allowed, exhausted.remaining) == (False, 0)
    assert exhausted.retry_after >= 1
    assert exhausted.reset_at % HOUR == 0


def test_reset_forgets_the_key_only(store: RateLimitStore) -> None:
    key, other = fresh_key(), fresh_key()
    for _ in range(3):
        store.hit(key, limit=2, window_seconds=HOUR)
        store.hit(other, limit=2, window_seconds=HOUR)
    store.reset(key)
    assert store.peek(key, limit=2, window_seconds=HOUR).remaining == 2
    assert store.hit(key, limit=2, window_seconds=HOUR).allowed
    assert not store.peek(other, limit=2, window_seconds=HOUR).allowed
    store.reset(fresh_key())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda store: store.hit("", limit=1, window_seconds=1), "non-empty"),
        (lambda store: store.hit("k", limit=0, window_seconds=1), "limit must be at least 1, got 0"),
        (lambda store: store.hit("k", limit=1, window_seconds=0), "window_seconds must be at least 1, got 0"),
        (lambda store: store.hit("k", limit=1, window_seconds=1, cost=0), "cost must be at least 1, got 0"),
        (lambda store: store.hit("k", limit=1, window_seconds=1, cost=-3), "cost must be at least 1, got -3"),
        (lambda store: store.peek("", limit=1, window_seconds=1), "non-empty"),
        (lambda store: store.peek("k", limit=-1, window_seconds=1), "limit must be at least 1"),
        (lambda store: store.peek("k", limit=1, window_seconds=0), "window_seconds must be at least 1"),
        (lambda store: store.reset(""), "non-empty"),
    ],
)
def test_invalid_arguments_are_refused(
    store: RateLimitStore, call: Callable[[RateLimitStore], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(store)


def test_concurrent_hits_from_threads_add_up_exactly(store: RateLimitStore) -> None:
    key = fresh_key()
    start = threading.Barrier(8)
    allowed: list[int] = []

    def hammer() -> None:
        start.wait()
        allowed.append(sum(store.hit(key, limit=100, window_seconds=HOUR).allowed for _ in range(50)))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 100
    assert store.peek(key, limit=100, window_seconds=HOUR).remaining == 0


# Connects, says it is ready, waits for the go, then prints how many of its hits were allowed.
HAMMER = """
import sys
from photogram.core.ratelimit.redis import RedisRateLimitStore
url, prefix, key = sys.argv[1:]
store = RedisRateLimitStore(url, key_prefix=prefix)
store.peek(key, limit=100, window_seconds=3600)
print("ready", flush=True)
sys.stdin.readline()
print(sum(store.hit(key, limit=100, window_seconds=3600).allowed for _ in range(200)), flush=True)
"""


@pytest.mark.full_only
def test_concurrent_hits_from_processes_add_up_exactly() -> None:
    key = fresh_key()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, settings.REDIS_URL, TEST_PREFIX, key],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline() == "ready\n"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    allowed = [int(worker.communicate(timeout=30)[0]) for worker in workers]
    assert sum(allowed) == 100
    assert [worker.returncode for worker in workers] == [0, 0]


@pytest.mark.parametrize("odd", ["with spaces", "a:b:c", "naïve 🚀 ключ", "*[?]\\", "\n\t"])
def test_keys_may_hold_any_characters(store: RateLimitStore, odd: str) -> None:
    key = f"{fresh_key()}:{odd}"
    # A key that prefixes another one does not share its counter.
    prefix = key.rsplit(":", 1)[0]
    assert store.hit(key, limit=2, window_seconds=HOUR).remaining == 1
    assert store.hit(key, limit=2, window_seconds=HOUR).remaining == 0
    assert store.peek(prefix, limit=2, window_seconds=HOUR).remaining == 2
    store.reset(key)
    assert store.peek(key, limit=2, window_seconds=HOUR).remaining == 2


def test_the_local_store_purges_ended_windows() -> None:
    store = LocalRateLimitStore(purge_threshold=4)
    store.hit("live", limit=1, window_seconds=HOUR)
    ended = [store.hit(fresh_key(), limit=1, window_seconds=1) for _ in range(3)]
    time.sleep(max(0.0, max(result.reset_at for result in ended) - time.time()) + 0.02)
    store.hit(fresh_key(), limit=1, window_seconds=HOUR)
    assert len(store._windows) == 2
    assert not store.hit("live", limit=1, window_seconds=HOUR).allowed


@pytest.mark.parametrize("backend", ["local", pytest.param("redis", marks=pytest.mark.full_only)])
def test_the_configured_backend_is_built(backend: str) -> None:
    configured = {
        "local": {"BACKEND": "photogram.core.ratelimit.local.LocalRateLimitStore"},
        "redis": {
            "BACKEND": "photogram.core.ratelimit.redis.RedisRateLimitStore",
            "OPTIONS": {"url": settings.REDIS_URL},
        },
    }[backend]
    with override_settings(RATE_LIMITS={"default": configured}):
        assert type(rate_limits.default) is type(make_store(backend))
        assert rate_limits.default.hit(fresh_key(), limit=1, window_seconds=HOUR).allowed
