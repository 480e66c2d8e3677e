"""The seed command (`python -m bench.seed`): load a benchmark community into a benchmark database.

A Django command outside any installed app: `bench.seed` runs it from the command line and tests run it with
`call_command(Command(), ...)`.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from bench.seeding import feeds, marker
from bench.seeding.community import Community, Scale, ScaleError, generate
from bench.seeding.loading import TableWriter
from bench.seeding.progress import Progress
from bench.seeding.tables import Plan, ensure_tags, plans
from photogram.accounts.models import User

FEEDS_PHASE = "home_feeds"


class Command(BaseCommand):
    help = (
        "Load a deterministic benchmark community (power-law followers, posts with media, comments and likes "
        "skewed to popular posts, private accounts, blocks, mutes, filled home feeds) into this database. "
        "Rerunning with the same parameters resumes or does nothing; the database must hold no other data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--follows", type=int, default=2_000_000)
        parser.add_argument("--posts", type=int, default=1_000_000)
        parser.add_argument("--comments", type=int, default=None, help="default: a quarter of --posts")
        parser.add_argument("--likes", type=int, default=None, help="default: as many as --posts")
        parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same community")
        parser.add_argument("--chunk-rows", type=int, default=50_000, help="rows per committed chunk")
        parser.add_argument(
            "--feed-length", type=int, default=None, help="posts per home feed (default: the store's bound; 0: none)"
        )
        parser.add_argument("--reset", action="store_true", help="empty the benchmark database first")
        parser.add_argument(
            "--allow-non-benchmark-data",
            action="store_true",
            help="seed even though the database holds accounts that are not benchmark data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        scale = Scale(
            users=options["users"],
            follows=options["follows"],
            posts=options["posts"],
            comments=options["comments"] if options["comments"] is not None else options["posts"] // 4,
            likes=options["likes"] if options["likes"] is not None else options["posts"],
            seed=options["seed"],
        )
        try:
            scale.check()
        except ScaleError as error:
            raise CommandError(str(error)) from error
        feed_length = options["feed_length"] if options["feed_length"] is not None else feeds.store().max_length
        parameters = {**scale.as_dict(), "feed_length": feed_length}
        if User._meta.db_table not in connection.introspection.table_names():
            raise CommandError("this database has no tables yet: run `manage.py migrate` first")
        found = self._claim(parameters, reset=options["reset"], allow=options["allow_non_benchmark_data"])
        if found.finished_at is not None:
            self.stdout.write(f"already seeded with {parameters} (in {found.seconds:.0f} s): nothing to do")
            return
        resumed = bool(found.progress)
        generating = time.monotonic()
        community = generate(scale)
        self.stdout.write(f"generated the community in {time.monotonic() - generating:.1f} s")
        for plan in plans(community, ensure_tags()):
            self._load(plan, found, options["chunk_rows"])
        if feed_length:
            self._fill_feeds(community, found, feed_length, options["chunk_rows"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        found.seconds = time.monotonic() - started
        found.finished_at = datetime.now(UTC).isoformat()
        marker.save(found)
        self.stdout.write(self._summary(found, resumed=resumed))

    def _claim(self, parameters: dict[str, int], *, reset: bool, allow: bool) -> marker.Marker:
        """Return the marker to load under, refusing a database that holds someone's data."""
        found = marker.read()
        if found is None and marker.holds_data() and not allow:
            raise CommandError(
                f"refusing to seed database {connection.settings_dict['NAME']!r}: it holds accounts and is not a "
                "benchmark database (no marker from this command). Point PHOTOGRAM_POSTGRES_DB (or "
                "PHOTOGRAM_DATA_DIR) at a database of its own, or pass --allow-non-benchmark-data."
            )
        if reset and found is not None:
            self._empty()
            found = None
        if found is None:
            return marker.create(parameters)
        if found.parameters != parameters:
            raise CommandError(
                f"this benchmark database holds a community seeded with {found.parameters}, not {parameters}: "
                "pass --reset to replace it"
            )
        return found

    def _empty(self) -> None:
        store = feeds.store()
        for user_id in User.objects.values_list("pk", flat=True).iterator():
            store.clear(user_id)
        call_command("flush", interactive=False, verbosity=0)
        marker.drop()
        self.stdout.write("emptied the benchmark database")

    def _load(self, plan: Plan, found: marker.Marker, chunk_rows: int) -> None:
        done = found.progress.get(plan.name, 0)
        if done >= plan.total:
            return
        writer = TableWriter(plan.model, plan.columns)
        progress = Progress(plan.name, plan.total, done)
        rows = itertools.islice(plan.rows(), done, None)
        superuser = self._superuser()
        while chunk := list(itertools.islice(rows, chunk_rows)):
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        # Durability per chunk is not needed (a lost chunk is reloaded); the rows are consistent
                        # by construction, so a superuser may skip the foreign-key triggers too.
                        cursor.execute("SET LOCAL synchronous_commit = off")
                        if superuser:
                            cursor.execute("SET LOCAL session_replication_role = replica")
                writer.write(chunk)
                done += len(chunk)
                found.progress[plan.name] = done
                marker.save(found)
            progress.update(done)
        progress.finish()

    def _fill_feeds(self, community: Community, found: marker.Marker, length: int, chunk_rows: int) -> None:
        """Write each reader's feed; a chunk of readers is recorded once written (rewriting is harmless)."""
        done = found.progress.get(FEEDS_PHASE, 0)
        readers = community.scale.users
        if done >= readers:
            return
        store = feeds.store()
        progress = Progress(FEEDS_PHASE, readers, done, unit="feeds")
        per_chunk = max(1, chunk_rows // length)
        pending = itertools.islice(feeds.home_feeds(community, length), done, None)
        while chunk := list(itertools.islice(pending, per_chunk)):
            feeds.write(store, chunk)
            done += len(chunk)
            found.progress[FEEDS_PHASE] = done
            marker.save(found)
            progress.update(done)
        progress.finish()

    @staticmethod
    def _superuser() -> bool:
        if connection.vendor != "postgresql":
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            row = cursor.fetchone()
        return bool(row and row[0])

    def _summary(self, found: marker.Marker, *, resumed: bool) -> str:
        rows = ", ".join(f"{count:,} {name}" for name, count in found.progress.items())
        how = "resumed and finished" if resumed else "seeded"
        seconds = found.seconds or 0.0
        return self.style.SUCCESS(f"{how} {rows} in {seconds:.1f} s ({seconds / 60:.1f} min)")
