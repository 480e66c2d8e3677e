"""Exact counters (likes, comments, saves, followers...): PostgreSQL keeps the truth, a store serves them.

    counters.default.get_many(["posts.status:123"])

The truth is a column on the counted row, moved by an atomic update in the transaction that writes the rows
it counts (`tracked.adjust`). Every such update also bumps the row's `counts_version`, and the new snapshot
is offered to the store after commit; the store keeps, per key, only the snapshot with the highest version.
So whatever order concurrent writers and readers reach the store in, it converges on the committed value,
and a flushed or restarted store just refills from PostgreSQL. Redis on the full profile, process memory on
embedded.
"""

from photogram.core.backends import BackendHandler
from photogram.core.counters.store import CounterStore, CountSnapshot

counters: BackendHandler[CounterStore] = BackendHandler("COUNTERS", CounterStore)

__all__ = ["CountSnapshot", "CounterStore", "counters"]
