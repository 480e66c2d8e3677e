"""The marker that makes a database a benchmark database: one row in a table only the seed command creates.

The benchmark harness and the seed command refuse a database that holds other data and no marker, so a
benchmark never writes over, or measures against, a database someone uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from photogram.accounts.models import User

TABLE = "photogram_benchmark_seed"


@dataclass
class Marker:
    """What was (or is being) seeded, and how far the load got: rows done per phase."""

    parameters: dict[str, int]
    progress: dict[str, int] = field(default_factory=dict)
    started_at: str = ""
    finished_at: str | None = None
    seconds: float | None = None


def _exists(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


def read(alias: str = DEFAULT_DB_ALIAS) -> Marker | None:
    """Return the database's marker, or None when it is not a benchmark database."""
    if not _exists(alias):
        return None
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT parameters, progress, started_at, finished_at, seconds FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    parameters, progress, started_at, finished_at, seconds = row
    return Marker(json.loads(parameters), json.loads(progress), started_at, finished_at, seconds)


def is_benchmark_database(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Return whether the seed command marked this database as holding benchmark data only."""
    return read(alias) is not None


def holds_data(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Return whether the database has any account (it was migrated, and someone used it)."""
    return User.objects.using(alias).exists()


def create(parameters: dict[str, int], alias: str = DEFAULT_DB_ALIAS) -> Marker:
    """Mark the database as a benchmark database about to be seeded with `parameters`."""
    marker = Marker(parameters, {}, datetime.now(UTC).isoformat())
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, parameters text NOT NULL, "
            "progress text NOT NULL, started_at text NOT NULL, finished_at text, seconds double precision)"
        )
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (id, parameters, progress, started_at) VALUES (1, %s, %s, %s)",
            [json.dumps(parameters), "{}", marker.started_at],
        )
    return marker


def save(marker: Marker, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Record the marker's progress (in the caller's transaction, so it commits with the rows it counts)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET progress = %s, finished_at = %s, seconds = %s WHERE id = 1",
            [json.dumps(marker.progress), marker.finished_at, marker.seconds],
        )


def drop(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Remove the marker (the database is an ordinary one again)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def describe(marker: Marker) -> dict[str, Any]:
    """Return the marker as the harness records it with each run."""
    return {
        "parameters": marker.parameters,
        "started_at": marker.started_at,
        "finished_at": marker.finished_at,
        "seed_seconds": marker.seconds,
    }
