"""Compare the servers that fit Django, worker counts, and preloading with gc.freeze(), side by side in one run.

Each configuration is started on its own port, warmed up, then loaded by wrk (a separate process) several
times per target; the table reports the median requests per second with min and max, the ratio to the best
configuration, and the memory the server's processes cost together (PSS) after the load. The targets are
the trivial JSON view (the framework's ceiling) and post detail over the seeded community, on the full
profile's benchmark database (`make bench` seeds it), or an admin page with `--embedded`.

    python -m bench.servers [--seconds 5] [--repeats 3] [--only granian-wsgi-2w --only ...] [--embedded]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import wrk
from bench.harness import REPO, _free_port, _stop, _tree_pss_mb, _wait_listening, bench_environment

VENV_BIN = REPO / ".venv" / "bin"
GRANIAN_WSGI = ["granian", "--interface", "wsgi", "--blocking-threads", "4", "--no-access-log"]

CONFIGURATIONS: dict[str, list[str]] = {
    "granian-wsgi-1w": [*GRANIAN_WSGI, "--workers", "1", "photogram.wsgi:application"],
    "granian-wsgi-2w": [*GRANIAN_WSGI, "--workers", "2", "photogram.wsgi:application"],
    "granian-wsgi-3w": [*GRANIAN_WSGI, "--workers", "3", "photogram.wsgi:application"],
    "granian-wsgi-4w": [*GRANIAN_WSGI, "--workers", "4", "photogram.wsgi:application"],
    "granian-wsgi-2w-preload": ["python", "-m", "bench.prefork", "--workers", "2"],
    "granian-wsgi-2w-preload-freeze": ["python", "-m", "bench.prefork", "--workers", "2", "--freeze"],
    "granian-asgi-2w": ["granian", "--interface", "asgi", "--workers", "2", "photogram.asgi:application"],
    "uvicorn-asgi-2w": ["uvicorn", "--workers", "2", "--no-access-log", "photogram.asgi:application"],
}


def _targets(embedded: bool) -> dict[str, list[wrk.Request]]:
    if embedded:
        return {"admin-login": [wrk.Request("GET", "/admin/login/")]}
    import django

    django.setup()
    from bench.scenarios import detail

    scenario = detail(random.Random(1))  # noqa: S311  (the same posts in every run)
    return {"trivial": [wrk.Request("GET", "/bench/trivial")], "detail": scenario.requests}


def measure(
    name: str, targets: dict[str, list[wrk.Request]], seconds: int, repeats: int, connections: int
) -> tuple[dict[str, list[wrk.Run]], float]:
    """Start one configuration, warm it up, load each target; return each run's figures and the final PSS."""
    port = _free_port()
    command = CONFIGURATIONS[name]
    argv = [str(VENV_BIN / command[0]), *command[1:], "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        argv,
        cwd=REPO,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_listening(port, process, name)
        url = f"http://127.0.0.1:{port}"
        runs: dict[str, list[wrk.Run]] = {}
        for target, requests in targets.items():
            wrk.run(url, requests, seconds=2, connections=connections)
            runs[target] = [wrk.run(url, requests, seconds=seconds, connections=connections) for _ in range(repeats)]
            failed = [run for run in runs[target] if run.errors]
            if failed:
                raise RuntimeError(f"{name} answered errors on {target}: {failed[0].error_rate:.1%} of requests")
        time.sleep(0.5)
        return runs, _tree_pss_mb(process.pid)
    finally:
        _stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", action="append", choices=list(CONFIGURATIONS), help="run only these (repeatable)")
    parser.add_argument("--embedded", action="store_true", help="the embedded profile's admin page instead")
    parser.add_argument("--database", default="photogram_bench", help="the seeded benchmark database (full profile)")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 1
    if not arguments.embedded:
        os.environ.update(bench_environment(arguments.database))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        import django

        django.setup()
        from bench.seeding import marker

        if not marker.is_benchmark_database():
            print(f"{arguments.database} is not a seeded benchmark database: run `make bench` first", file=sys.stderr)
            return 1
    os.environ["PYTHONWARNINGS"] = "ignore"
    targets = _targets(arguments.embedded)
    names = arguments.only or list(CONFIGURATIONS)
    results = {}
    for name in names:
        results[name] = measure(name, targets, arguments.seconds, arguments.repeats, arguments.connections)
        print(f"  {name}: done", flush=True)
    for target in targets:
        best = max(statistics.median(run.rps for run in runs[target]) for runs, _ in results.values())
        print(f"\n{target}: {arguments.repeats} x {arguments.seconds} s, {arguments.connections} connections")
        print(f"{'server':<32} {'median req/s':>12} {'min':>8} {'max':>8} {'p99 ms':>8} {'vs best':>8} {'PSS MB':>8}")
        for name, (runs, pss) in results.items():
            rps = [run.rps for run in runs[target]]
            p99 = statistics.median(run.p99_ms for run in runs[target])
            median = statistics.median(rps)
            print(
                f"{name:<32} {median:>12.0f} {min(rps):>8.0f} {max(rps):>8.0f} {p99:>8.1f} {median / best:>8.2f} "
                f"{pss:>8.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
