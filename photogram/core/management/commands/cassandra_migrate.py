from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from photogram.core.cassandra.connection import get_session
from photogram.core.cassandra.schema import SchemaError, applied_migrations, discover_migrations, migrate


class Command(BaseCommand):
    help = "Create the Cassandra keyspace and apply the versioned CQL files of every app (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="show which files are applied, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        config = settings.CASSANDRA
        keyspace = config["KEYSPACE"]
        try:
            session = get_session()
        except Exception as error:
            raise CommandError(
                f"cannot reach Cassandra at {config['HOSTS']} port {config['PORT']}: {error}. "
                "Is it running? `bin/services up cassandra` starts the local one."
            ) from error
        migrations = discover_migrations()
        if options["list"]:
            done = applied_migrations(session, keyspace) if keyspace in session.cluster.metadata.keyspaces else {}
            for migration in migrations:
                mark = "X" if (migration.app, migration.name) in done else " "
                self.stdout.write(f"[{mark}] {migration.app}.{migration.name}")
            return
        try:
            applied = migrate(session, keyspace, config["REPLICATION"], migrations)
        except SchemaError as error:
            raise CommandError(str(error)) from error
        for migration in applied:
            self.stdout.write(f"applied {migration.app}.{migration.name}")
        self.stdout.write(self.style.SUCCESS(f"keyspace {keyspace}: {len(applied)} applied, {len(migrations)} known"))
