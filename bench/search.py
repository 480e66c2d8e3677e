"""Search benchmark: accounts by prefix, a hashtag, words in captions, beside a naive `ILIKE '%q%'` baseline.

On the full profile, in a database of its own (`photogram_bench_search`), seeded by `bench.seed` at the size
given (`--posts`; accounts, follows and likes scale with it), with no home feeds. A few old posts, spread over
the whole table, get a rare word, so a search that finds little is measured too. Each search runs through
`photogram.search.services.search` as a logged-in viewer: the engine's match, the privacy filter
(photogram/access), the ranking and the page. Each baseline runs the same privacy filter, order and page
with `ILIKE '%q%'` in place of the engine (and counts a hashtag's uses by joining its links), as a first
implementation would. One client calling in a loop on one connection (light load): median and p99 latency,
calls per second, and the baseline's figures beside them.

    python bench/search.py [--posts 1000000] [--seconds 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import harness  # noqa: E402  (bench/ is the script's directory, so the harness's helpers import as a module)

DATABASE = "photogram_bench_search"
RARE_WORD = "aurora"
RARE_POSTS = 50
MIN_CALLS = 3


def _seed(environment: dict[str, str], posts: int) -> None:
    scale = {
        "users": max(1_000, posts // 100),
        "follows": posts // 5,
        "posts": posts,
        "likes": posts // 10,
        "feed-length": 0,
    }
    arguments = [f"--{name}={value}" for name, value in scale.items()]
    subprocess.run([str(harness.PYTHON), "-m", "bench.seed", *arguments], cwd=REPO, env=environment, check=True)


def _prepare_rare_word() -> None:
    """Give RARE_POSTS old posts, spread evenly over the table, the rare word (once per database)."""
    from django.db import connection

    from photogram.posts.models import Status

    if Status.objects.filter(caption__endswith=f" {RARE_WORD}").exists():
        return
    total = Status.objects.filter(in_reply_to__isnull=True).count()
    step = max(1, total // RARE_POSTS)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE posts_status SET caption = caption || %s WHERE id IN ("
            " SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM posts_status"
            " WHERE in_reply_to_id IS NULL AND visibility = 'public') AS numbered WHERE n %% %s = 1)",
            [f" {RARE_WORD}", step],
        )
        cursor.execute("ANALYZE")


def _measure(call: Callable[[], object], seconds: float) -> dict[str, float]:
    call()  # warm-up: connection, plans, caches
    latencies: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or len(latencies) < MIN_CALLS:
        before = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - before) * 1000)
    latencies.sort()
    return {
        "calls": len(latencies),
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "calls_per_s": len(latencies) / (sum(latencies) / 1000),
    }


def _scenarios(viewer: Any) -> dict[str, tuple[str, Callable[[], object], Callable[[], object]]]:
    """Return, by name: what is searched, the search's call, and the naive baseline's call."""
    from django.db.models import Count, Exists, OuterRef, Q

    from photogram.access.querysets import visible_accounts, visible_statuses
    from photogram.accounts.models import Follow
    from photogram.posts.models import Tag
    from photogram.search.services import search
    from photogram.search.services.query import read_query

    def accounts(text: str) -> Callable[[], object]:
        return lambda: search.accounts(viewer, read_query(text), limit=20)

    def naive_accounts(text: str) -> Callable[[], object]:
        followed = Exists(Follow.objects.filter(follower=viewer, followee=OuterRef("pk")))
        rows = (
            visible_accounts(viewer)
            .filter(Q(username__icontains=text) | Q(display_name__icontains=text))
            .annotate(followed=followed)
            .order_by("-followed", "-followers_count", "id")
        )
        return lambda: list(rows[:20])

    def hashtags(text: str) -> Callable[[], object]:
        return lambda: search.hashtags(read_query(text), limit=20)

    def naive_hashtags(text: str) -> Callable[[], object]:
        rows = Tag.objects.filter(name__icontains=text).annotate(uses=Count("status_links")).order_by("-uses")
        return lambda: list(rows[:20])

    def statuses(text: str) -> Callable[[], object]:
        return lambda: search.statuses(viewer, read_query(text), limit=20)

    def naive_statuses(text: str) -> Callable[[], object]:
        rows = visible_statuses(viewer).filter(caption__icontains=text).order_by("-id").values_list("id", flat=True)
        return lambda: list(rows[:20])

    return {
        "accounts by prefix": ("bench12", accounts("bench12"), naive_accounts("bench12")),
        "hashtag by prefix": ("sun", hashtags("sun"), naive_hashtags("sun")),
        "caption, common word": ("harbour", statuses("harbour"), naive_statuses("harbour")),
        "caption, rare word": (RARE_WORD, statuses(RARE_WORD), naive_statuses(RARE_WORD)),
        "caption, no match": ("zeppelin", statuses("zeppelin"), naive_statuses("zeppelin")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000, help="posts seeded (accounts etc. scale with it)")
    parser.add_argument("--seconds", type=float, default=5.0, help="time each target is called for")
    parser.add_argument("--quick", action="store_true", help="20,000 posts, 1 second per target")
    parser.add_argument("--database", default=None, help=f"default: {DATABASE} (quick: {DATABASE}_quick)")
    arguments = parser.parse_args()
    posts = 20_000 if arguments.quick else arguments.posts
    seconds = 1.0 if arguments.quick else arguments.seconds
    database = arguments.database or (f"{DATABASE}_quick" if arguments.quick else DATABASE)

    environment = {**os.environ, **harness.bench_environment(database)}
    harness._ensure_database(database)
    harness._manage(environment, "migrate", "--noinput", "--verbosity", "0")
    _seed(environment, posts)
    os.environ.update(harness.bench_environment(database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from bench.seeding import marker
    from photogram.accounts.models import User
    from photogram.posts.models import Status

    found = marker.read()
    if found is None or found.finished_at is None:
        raise SystemExit(f"refusing to benchmark {database!r}: it is not a seeded benchmark database")
    _prepare_rare_word()
    # A viewer who follows many: the privacy filter and the "followed first" ranking have the most to do.
    viewer = User.objects.order_by("-following_count").first()
    size = Status.objects.count()
    accounts = User.objects.count()
    print(f"\nSearch on {size:,} posts and comments, {accounts:,} accounts; one client, {seconds:.0f} s each")
    print(f"{'scenario':<22} {'query':<9} {'p50 ms':>8} {'p99 ms':>8} {'calls/s':>9}   {'naive p50':>9} "
          f"{'naive p99':>9} {'calls/s':>8} {'ratio':>7}")  # fmt: skip
    results: dict[str, Any] = {"posts": size, "seconds": seconds, "scenarios": {}}
    for name, (text, searched, naive) in _scenarios(viewer).items():
        fast = _measure(searched, seconds)
        slow = _measure(naive, seconds)
        ratio = fast["calls_per_s"] / slow["calls_per_s"]
        results["scenarios"][name] = {"query": text, "search": fast, "naive": slow, "ratio": ratio}
        print(
            f"{name:<22} {text:<9} {fast['p50_ms']:>8.2f} {fast['p99_ms']:>8.2f} {fast['calls_per_s']:>9.0f}   "
            f"{slow['p50_ms']:>9.2f} {slow['p99_ms']:>9.2f} {slow['calls_per_s']:>8.1f} {ratio:>6.1f}x",
            flush=True,
        )
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    output = harness.RESULTS / f"search-{time.strftime('%Y%m%dT%H%M%S')}.json"
    output.write_text(json.dumps(results, indent=2))
    print(f"\nfigures: {output.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
