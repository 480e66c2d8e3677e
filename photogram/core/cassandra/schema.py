"""Versioned CQL schema: each app's `cql/NNNN_name.cql` files, applied once each, in order, and recorded.

Cassandra has no transactional DDL, so a file interrupted half-way is run again from its start: every
statement in a file must be idempotent (`CREATE TABLE IF NOT EXISTS`, `ALTER ... ADD` guarded by a new file).
A file already applied must never change: add a new one instead (the checksum check enforces it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cassandra.cluster import Session
from django.apps import apps

from photogram.core.cassandra.connection import replication_options

FILE_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.cql$")


class SchemaError(Exception):
    """The CQL files and the keyspace disagree in a way a person must resolve."""


@dataclass(frozen=True, order=True)
class CqlMigration:
    """One versioned CQL file."""

    app: str
    name: str
    path: Path

    def statements(self, keyspace: str) -> list[str]:
        """Return the file's statements with `{keyspace}` filled in (`;` ends a statement at a line end)."""
        text = self.path.read_text().replace("{keyspace}", keyspace)
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
        return [part.strip() for part in re.split(r";\s*$", "\n".join(lines), flags=re.M) if part.strip()]

    @property
    def checksum(self) -> str:
        """Return the SHA-256 of the file, to catch edits to a file that was already applied."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def discover_migrations() -> list[CqlMigration]:
    """Return every installed app's CQL files, ordered by app label then number."""
    found: list[CqlMigration] = []
    for config in apps.get_app_configs():
        found.extend(migrations_in(config.label, Path(config.path) / "cql"))
    return sorted(found)


def migrations_in(app: str, directory: Path) -> Iterator[CqlMigration]:
    """Yield the CQL files of one app directory, refusing misnamed ones."""
    if not directory.is_dir():
        return
    for path in sorted(directory.iterdir()):
        if path.suffix != ".cql":
            continue
        if not FILE_NAME.match(path.name):
            raise SchemaError(f"{path}: CQL files are named NNNN_lower_case_name.cql")
        yield CqlMigration(app=app, name=path.stem, path=path)


def ensure_keyspace(session: Session, keyspace: str, replication: str) -> None:
    """Create the keyspace, or bring its replication in line with the settings."""
    options = replication_options(replication)
    rendered = "{" + ", ".join(f"'{key}': {_cql_literal(value)}" for key, value in options.items()) + "}"
    metadata = session.cluster.metadata.keyspaces.get(keyspace)
    verb = "CREATE KEYSPACE IF NOT EXISTS" if metadata is None else "ALTER KEYSPACE"
    session.execute(f"{verb} {keyspace} WITH replication = {rendered}")
    session.execute(
        f"CREATE TABLE IF NOT EXISTS {keyspace}.schema_migrations ("
        "app text, name text, checksum text, applied_at timestamp, PRIMARY KEY (app, name))"
    )


def applied_migrations(session: Session, keyspace: str) -> dict[tuple[str, str], str]:
    """Return the checksum of every applied file, keyed by (app, name)."""
    rows = session.execute(f"SELECT app, name, checksum FROM {keyspace}.schema_migrations")
    return {(row.app, row.name): row.checksum for row in rows}


def migrate(
    session: Session, keyspace: str, replication: str, migrations: Iterable[CqlMigration]
) -> list[CqlMigration]:
    """Apply the files not yet applied, in order; return them. Refuse if an applied file was edited."""
    ensure_keyspace(session, keyspace, replication)
    done = applied_migrations(session, keyspace)
    applied: list[CqlMigration] = []
    for migration in sorted(migrations):
        recorded = done.get((migration.app, migration.name))
        if recorded is not None:
            if recorded != migration.checksum:
                raise SchemaError(
                    f"{migration.path} changed after it was applied; "
                    "put the change in a new file with the next number instead"
                )
            continue
        for statement in migration.statements(keyspace):
            session.execute(statement)
        session.execute(
            f"INSERT INTO {keyspace}.schema_migrations (app, name, checksum, applied_at) VALUES (%s, %s, %s, %s)",
            (migration.app, migration.name, migration.checksum, datetime.now(UTC)),
        )
        applied.append(migration)
    return applied


def _cql_literal(value: Any) -> str:
    return str(value) if isinstance(value, int) else f"'{value}'"
