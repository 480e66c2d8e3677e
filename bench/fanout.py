"""Fan-out benchmark: one post into the home feeds of 10,000 and of 100,000 followers, end to end.

On the full profile, in a database and keyspace of its own: the post is published through the posts service,
its fan-out leaves through the outbox relay to RabbitMQ, and Celery workers write the feeds in Cassandra in
chunks. The clock runs from the publishing commit until every follower's feed holds the post, found by
sweeping the feeds still missing it with multi-partition reads (each sweep's length bounds the error, and is
reported). The read-time (pull) threshold is raised above the audience, so the write path itself is measured.
Usage: python bench/fanout.py [--followers 10000 100000] [--repeats 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import harness  # noqa: E402  (bench/ is the script's directory, so the harness's helpers import as a module)

DATABASE = "photogram_bench_fanout"
BATCH = 5_000
# Owners per multi-partition read while sweeping; the coordinator fans each one out to the partitions.
SWEEP_BATCH = 500
DEADLINE_SECONDS = 300.0


def _environment() -> dict[str, str]:
    environment = {**os.environ, **harness.bench_environment(DATABASE)}
    # Above any audience measured here: every post is written to every follower, none pulled at read time.
    environment["PHOTOGRAM_FEED_PULL_THRESHOLD"] = str(10**9)
    return environment


def _seed_audience(followers: int) -> Any:
    """Return an author with exactly `followers` followers (made once, reused by later runs)."""
    from django.contrib.auth.hashers import make_password

    from photogram.accounts.models import Follow, User

    unusable = make_password(None)  # accounts that cannot log in, made without a costly hash each
    author, _ = User.objects.get_or_create(username=f"fanout{followers}", defaults={"password": unusable})
    if Follow.objects.filter(followee=author).count() == followers:
        return author
    Follow.objects.filter(followee=author).delete()
    names = [f"fan{followers}x{n}" for n in range(followers)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=name, email=f"{name}@bench.invalid", password=unusable)
            for name in names
            if name not in existing
        ],
        batch_size=BATCH,
    )
    fans = list(User.objects.filter(username__in=names).values_list("pk", flat=True))
    Follow.objects.bulk_create([Follow(follower_id=fan, followee=author) for fan in fans], batch_size=BATCH)
    User.objects.filter(pk=author.pk).update(followers_count=len(fans))
    return User.objects.get(pk=author.pk)


def _ready_upload(author: Any) -> Any:
    from photogram.media.models import MediaAttachment

    rendition = {"path": "renditions/bench.jpg", "width": 1080, "height": 1080, "content_type": "image/jpeg"}
    return MediaAttachment.objects.create(
        owner=author,
        state=MediaAttachment.State.READY,
        kind=MediaAttachment.Kind.IMAGE,
        original=f"originals/{author.pk}/bench",
        original_content_type="image/jpeg",
        original_size=1,
        width=1080,
        height=1080,
        renditions={"1080": {"jpeg": rendition}},
    )


def _time_one_post(author: Any, followers: list[int]) -> dict[str, float]:
    """Publish one post and return how long until every follower's feed held it."""
    from cassandra.concurrent import execute_concurrent_with_args
    from django.conf import settings

    from photogram.core.cassandra.connection import get_session
    from photogram.posts.services import publishing

    session = get_session()
    query = session.prepare(
        f"SELECT owner_id FROM {settings.CASSANDRA['KEYSPACE']}.home_feed WHERE owner_id IN ? AND status_id = ?"
    )
    upload = _ready_upload(author)
    status = publishing.publish(author, "fan-out benchmark", [upload.pk])
    started = time.perf_counter()
    missing = set(followers)
    last_sweep = 0.0
    while missing:
        if time.perf_counter() - started > DEADLINE_SECONDS:
            raise RuntimeError(
                f"{len(missing)} of {len(followers)} feeds still lack the post after {DEADLINE_SECONDS} s"
            )
        sweep_started = time.perf_counter()
        owners = sorted(missing)
        batches = [(owners[i : i + SWEEP_BATCH], status.pk) for i in range(0, len(owners), SWEEP_BATCH)]
        for success, rows in execute_concurrent_with_args(session, query, batches, concurrency=16):
            if not success:
                raise RuntimeError(f"a sweep read failed: {rows}")
            missing.difference_update(row.owner_id for row in rows)
        last_sweep = time.perf_counter() - sweep_started
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "feeds_per_second": len(followers) / elapsed, "last_sweep_ms": last_sweep * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (prefork concurrency)")
    arguments = parser.parse_args()

    environment = _environment()
    harness._ensure_database(DATABASE)
    harness._manage(environment, "migrate", "--noinput", "--verbosity", "0")
    harness._manage(environment, "cassandra_migrate")
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "photogram.settings")
    import django

    django.setup()
    from photogram.accounts.models import Follow
    from photogram.celery import app

    queues = ",".join(f"{environment['PHOTOGRAM_TASK_QUEUE_PREFIX']}{name}" for name in ("default", "fanout"))
    hostname = f"bench-fanout-{os.getpid()}@%h"
    worker = subprocess.Popen(
        [str(harness.PYTHON), "-m", "celery", "-A", "photogram", "worker", "--loglevel=WARNING",
         f"--concurrency={arguments.workers}", f"--queues={queues}", f"--hostname={hostname}"],
        cwd=REPO, env=environment, start_new_session=True,
    )  # fmt: skip
    relay = subprocess.Popen(
        [str(harness.PYTHON), "manage.py", "outbox_relay"], cwd=REPO, env=environment, start_new_session=True
    )
    results: dict[int, list[dict[str, float]]] = {}
    try:
        destination = [hostname.replace("%h", os.uname().nodename)]
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=destination, timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        for followers in arguments.followers:
            seeding = time.perf_counter()
            author = _seed_audience(followers)
            fans = list(Follow.objects.filter(followee=author).values_list("follower_id", flat=True))
            print(f"{followers:>7} followers: audience ready in {time.perf_counter() - seeding:.1f} s", flush=True)
            _time_one_post(author, fans)  # warm-up: connections, prepared statements, worker imports
            results[followers] = [_time_one_post(author, fans) for _ in range(arguments.repeats)]
    finally:
        harness._stop(relay)
        harness._stop(worker)

    print(f"\nFan-out of one post, {arguments.workers} worker processes, {arguments.repeats} repetitions")
    print(f"{'followers':>10} {'median s':>9} {'min':>7} {'max':>7} {'feeds/s':>9} {'last sweep ms':>14}")
    for followers, runs in results.items():
        seconds = [run["seconds"] for run in runs]
        print(
            f"{followers:>10} {statistics.median(seconds):>9.2f} {min(seconds):>7.2f} {max(seconds):>7.2f} "
            f"{statistics.median(run['feeds_per_second'] for run in runs):>9.0f} "
            f"{max(run['last_sweep_ms'] for run in runs):>14.0f}"
        )
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    output = harness.RESULTS / f"fanout-{time.strftime('%Y%m%dT%H%M%S')}.json"
    output.write_text(json.dumps({"workers": arguments.workers, "runs": results}, indent=2))
    print(f"\nfigures: {output.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
