"""Moving and reading the counts kept on rows: the one way a count changes, and the one way it is read.

A counted model has a `COUNTER_FIELDS` tuple and a `counts_version` column. `adjust` moves counts by an
atomic UPDATE in the caller's transaction (the same one that writes the rows counted) and bumps the version;
the snapshot it reads back is offered to the counter store once the transaction commits. `counts_of` serves
counts from the store, with this transaction's own uncommitted changes laid over them and misses read from
the database, in one store round trip and at most one query per model.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import F, Model

from photogram.core.counters import CountSnapshot, counters

logger = logging.getLogger(__name__)


class Counted(Protocol):
    COUNTER_FIELDS: tuple[str, ...]


def key_of(model: type[Model], pk: int) -> str:
    """Return the store key of one object's counts, e.g. "posts.status:123"."""
    return f"{model._meta.label_lower}:{pk}"


class _Offer:
    """An after-commit offer of snapshots to the store; also how a transaction finds its own pending counts."""

    def __init__(self, snapshots: dict[str, CountSnapshot]) -> None:
        self.snapshots = snapshots

    def __call__(self) -> None:
        try:
            counters.default.offer_many(self.snapshots)
        except Exception:
            # The database has the truth; a stale or missing entry expires or is refilled on a later read.
            logger.warning("could not update %d counter snapshots", len(self.snapshots), exc_info=True)


def _fields(model: type[Model]) -> tuple[str, ...]:
    fields: tuple[str, ...] = model.COUNTER_FIELDS  # type: ignore[attr-defined]
    return fields


def _snapshots(model: type[Model], pks: Iterable[int]) -> dict[str, CountSnapshot]:
    fields = _fields(model)
    rows = model._default_manager.filter(pk__in=list(pks)).values_list("pk", "counts_version", *fields)
    return {key_of(model, row[0]): CountSnapshot(row[1], dict(zip(fields, row[2:], strict=True))) for row in rows}


def adjust(model: type[Model], pk: int, **deltas: int) -> None:
    """Add `deltas` (field=change) to one row's counts, in the current transaction."""
    adjust_many(model, {pk: deltas})


def adjust_many(model: type[Model], changes: Mapping[int, Mapping[str, int]]) -> None:
    """Add each row's deltas to its counts: one UPDATE per distinct set of deltas, one SELECT for all."""
    fields = _fields(model)
    groups: dict[tuple[tuple[str, int], ...], list[int]] = defaultdict(list)
    for pk, deltas in changes.items():
        unknown = set(deltas) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no counters {sorted(unknown)}")
        moved = tuple(sorted((name, delta) for name, delta in deltas.items() if delta))
        if moved:
            groups[moved].append(pk)
    if not groups:
        return
    with transaction.atomic():
        if len(changes) > 1:
            # Row locks in one order (by key) whatever the caller's order: two transactions moving the
            # same rows (a follows b while b follows a) must not each wait for the other.
            list(model._default_manager.select_for_update().filter(pk__in=list(changes)).order_by("pk").values("pk"))
        for moved, pks in groups.items():
            updates: dict[str, Any] = {name: F(name) + delta for name, delta in moved}
            model._default_manager.filter(pk__in=pks).update(**updates, counts_version=F("counts_version") + 1)
        snapshots = _snapshots(model, [pk for pks in groups.values() for pk in pks])
    transaction.on_commit(_Offer(snapshots))


def _pending() -> dict[str, CountSnapshot]:
    """Return the snapshots this connection's open transaction has made but not committed yet.

    They are the `_Offer` callbacks waiting in Django's on-commit list, which already drops those of
    rolled-back savepoints: exactly the changes this transaction will commit.
    """
    pending: dict[str, CountSnapshot] = {}
    for entry in connection.run_on_commit:
        callback = entry[1]
        if isinstance(callback, _Offer):
            for key, snapshot in callback.snapshots.items():
                if key not in pending or pending[key].version < snapshot.version:
                    pending[key] = snapshot
    return pending


def counts_of(model: type[Model], pks: Iterable[int]) -> dict[int, dict[str, int]]:
    """Return the counts of each existing row in `pks`, as the caller's transaction sees them."""
    return counts_of_many({model: pks})[model]


def counts_of_many(wanted: Mapping[type[Model], Iterable[int]]) -> dict[type[Model], dict[int, dict[str, int]]]:
    """Return counts for rows of several models in one store round trip (and a query per model on misses)."""
    keys = {model: {key_of(model, pk): pk for pk in dict.fromkeys(pks)} for model, pks in wanted.items()}
    all_keys = [key for by_key in keys.values() for key in by_key]
    found = _pending() if connection.in_atomic_block else {}
    lookup = [key for key in all_keys if key not in found]
    try:
        found |= counters.default.get_many(lookup)
    except Exception:
        logger.warning("counter store unavailable; counting from the database", exc_info=True)
    refilled: dict[str, CountSnapshot] = {}
    for model, by_key in keys.items():
        missing = [pk for key, pk in by_key.items() if key not in found]
        if missing:
            refilled |= _snapshots(model, missing)
    if refilled:
        found |= refilled
        # Offered after commit: a snapshot read inside a transaction that rolls back must never be stored.
        transaction.on_commit(_Offer(refilled))
    return {
        model: {pk: dict(found[key].counts) for key, pk in by_key.items() if key in found}
        for model, by_key in keys.items()
    }


def recount(model: type[Model], pks: Iterable[int], counts: Mapping[int, Mapping[str, int]]) -> int:
    """Set rows' counts to recomputed values where they differ, and drop their store entries.

    Return how many rows were corrected. Every entry of `pks` is dropped from the store after commit, so an
    entry left stale by a lost offer is refilled from the repaired row on its next read.
    """
    fields = _fields(model)
    pks = list(pks)
    corrected = 0
    with transaction.atomic():
        for key, snapshot in _snapshots(model, pks).items():
            pk = int(key.rsplit(":", 1)[1])
            wanted = {name: counts.get(pk, {}).get(name, 0) for name in fields}
            if dict(snapshot.counts) != wanted:
                model._default_manager.filter(pk=pk).update(**wanted, counts_version=F("counts_version") + 1)
                corrected += 1
        keys = [key_of(model, pk) for pk in pks]
        transaction.on_commit(lambda: counters.default.forget_many(keys))
    return corrected
