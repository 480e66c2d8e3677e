"""Checks a server process makes before it takes its first request."""

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def refuse_unmigrated_database() -> None:
    """Raise with the fix when the database lacks migrations, instead of failing on the first request."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    # Do not carry this connection into forked server workers.
    connections.close_all()
    if pending:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in pending[:5])
        raise ImproperlyConfigured(
            f"The database has {len(pending)} unapplied migration(s) ({names}). "
            "Run `make migrate` (or `python -m django migrate`) before starting the server."
        )
