import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photogram.core.ids import compose, decode, lowest_id_at, shard_for_owner
from photogram.core.ids.generator import IdGenerator
from photogram.core.ids.layout import MAX_ELAPSED_MS, PHOTOGRAM_EPOCH, SEQUENCE_MODULUS, SHARD_COUNT

elapsed = st.integers(min_value=0, max_value=MAX_ELAPSED_MS)
shards = st.integers(min_value=0, max_value=SHARD_COUNT - 1)
sequences = st.integers(min_value=0, max_value=SEQUENCE_MODULUS - 1)


@given(elapsed, shards, sequences)
def test_compose_and_decode_round_trip(elapsed_ms: int, shard: int, sequence: int) -> None:
    decoded = decode(compose(elapsed_ms, shard, sequence))
    assert decoded.created_at == PHOTOGRAM_EPOCH + timedelta(milliseconds=elapsed_ms)
    assert (decoded.shard, decoded.sequence) == (shard, sequence)


@given(elapsed, elapsed, shards, shards, sequences, sequences)
def test_ids_sort_by_time_first(t1: int, t2: int, s1: int, s2: int, q1: int, q2: int) -> None:
    if t1 < t2:
        assert compose(t1, s1, q1) < compose(t2, s2, q2)


@pytest.mark.parametrize(
    ("elapsed_ms", "shard", "sequence"),
    [(-1, 0, 0), (MAX_ELAPSED_MS + 1, 0, 0), (0, SHARD_COUNT, 0), (0, -1, 0), (0, 0, SEQUENCE_MODULUS)],
)
def test_compose_refuses_out_of_range_parts(elapsed_ms: int, shard: int, sequence: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        compose(elapsed_ms, shard, sequence)


def test_decode_refuses_what_is_not_an_id() -> None:
    with pytest.raises(ValueError, match="not a 64-bit Photogram id"):
        decode(-5)
    with pytest.raises(ValueError, match="not a 64-bit Photogram id"):
        decode(1 << 64)


@given(st.lists(shards, min_size=1, max_size=300))
def test_generator_is_strictly_monotonic_per_shard(requested: list[int]) -> None:
    generator = IdGenerator()
    last: dict[int, int] = {}
    for shard in requested:
        made = generator.next_id(shard)
        assert decode(made).shard == shard
        assert made > last.get(shard, 0)
        last[shard] = made


def test_generator_moves_to_the_next_millisecond_after_1024_ids() -> None:
    generator = IdGenerator()
    made = [generator.next_id(7) for _ in range(3 * SEQUENCE_MODULUS)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_generator_never_collides_across_threads() -> None:
    generator = IdGenerator()
    results: list[list[int]] = [[] for _ in range(8)]

    def make(bucket: list[int]) -> None:
        bucket.extend(generator.next_id(3) for _ in range(2000))

    threads = [threading.Thread(target=make, args=(bucket,)) for bucket in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [made for bucket in results for made in bucket]
    assert len(set(everything)) == len(everything) == 16000
    for bucket in results:
        assert bucket == sorted(bucket)


def test_generator_spreads_ownerless_objects_over_shards() -> None:
    generator = IdGenerator()
    assert len({decode(generator.next_id()).shard for _ in range(100)}) == 100


def test_generated_ids_carry_the_current_time() -> None:
    before = datetime.now(UTC)
    made = IdGenerator().next_id(1)
    after = datetime.now(UTC)
    assert before - timedelta(milliseconds=1) <= decode(made).created_at <= after


def test_owner_shard_and_time_cursor() -> None:
    assert shard_for_owner(SHARD_COUNT + 5) == 5
    moment = datetime(2026, 6, 1, tzinfo=UTC)
    assert decode(lowest_id_at(moment)).created_at == moment
    assert lowest_id_at(moment) <= compose(lowest_id_at(moment) >> 23, 8191, 1023)
