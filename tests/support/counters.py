"""A real in-process counter store that also counts its round trips, for tests that bound them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from photogram.core.counters import CountSnapshot
from photogram.core.counters.local import LocalCounterStore


class RoundTripCountingStore(LocalCounterStore):
    """LocalCounterStore, recording how many reads and offers reached it."""

    reads = 0
    offers = 0

    def get_many(self, keys: Sequence[str]) -> dict[str, CountSnapshot]:
        type(self).reads += 1
        return super().get_many(keys)

    def offer_many(self, snapshots: Mapping[str, CountSnapshot]) -> None:
        type(self).offers += 1
        super().offer_many(snapshots)
