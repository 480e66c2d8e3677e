"""`make bench`: the HTTP scenarios against the real server on the full profile, with ceilings and baselines.

One run measures, side by side: nginx serving a static JSON file and the same Django server answering a
trivial JSON view (the ceilings), each scenario's real endpoint, and its naive baseline on the same server.
Load comes from wrk in a separate process; each target is warmed up, then loaded several times; the table
gives medians with min and max and every ratio, and a run whose server answered errors fails loudly.
Data: its own PostgreSQL database, Cassandra keyspace, Redis db and data dir, seeded by `bench.seed` and
marked as benchmark data; any other database is refused.

    python -m bench.harness [--quick] [--scenario grid --scenario like ...] [--seconds 10] [--repeats 3]
    python -m bench.harness --scenario home --compare-tree /path/to/other/checkout

With --compare-tree, a second server runs the other checkout's code (its bin/serve and feed service, with
this repo's venv and the same data) beside this one, and each scenario is loaded on both in alternation,
before/after then after/before, so the machine's noise falls on both alike; no ceilings or baselines.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "var" / "bench-results"
PYTHON = REPO / ".venv" / "bin" / "python"
WORKERS = 2

# (users, follows, posts, feed length): the full community, and the small one quick mode seeds in seconds.
FULL_SCALE = {"users": 10_000, "follows": 2_000_000, "posts": 1_000_000, "feed_length": 800}
QUICK_SCALE = {"users": 1_000, "follows": 50_000, "posts": 20_000, "feed_length": 100}


def bench_environment(database: str) -> dict[str, str]:
    """Return the variables that keep the benchmark's data apart from every other database and store."""
    return {
        "PHOTOGRAM_PROFILE": "full",
        "PHOTOGRAM_POSTGRES_DB": database,
        "PHOTOGRAM_CASSANDRA_KEYSPACE": database,
        "PHOTOGRAM_REDIS_URL": os.environ.get("PHOTOGRAM_BENCH_REDIS_URL", "redis://127.0.0.1:63799/11"),
        "PHOTOGRAM_DATA_DIR": str(REPO / "var" / database),
        "PHOTOGRAM_TASK_QUEUE_PREFIX": f"{database}-",
        "PHOTOGRAM_DEBUG": "false",
        "PHOTOGRAM_LOG_LEVEL": "WARNING",
    }


@dataclass
class Target:
    """One thing loaded: a ceiling, a scenario's real endpoint, or its baseline, with each run's figures."""

    name: str
    kind: str  # "ceiling", "scenario" or "baseline"
    description: str
    runs: list[Any] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return float(statistics.median(getattr(run, attribute) for run in self.runs))

    def summary(self) -> dict[str, Any]:
        rps = [run.rps for run in self.runs]
        return {
            "kind": self.kind,
            "description": self.description,
            "median_rps": statistics.median(rps),
            "min_rps": min(rps),
            "max_rps": max(rps),
            "p50_ms": self.median("p50_ms"),
            "p90_ms": self.median("p90_ms"),
            "p99_ms": self.median("p99_ms"),
            "max_ms": max(run.max_ms for run in self.runs),
            "requests": sum(run.requests for run in self.runs),
            "errors": sum(run.errors for run in self.runs),
            "error_rate": sum(run.errors for run in self.runs) / max(1, sum(run.requests for run in self.runs)),
            "runs": [{**run.__dict__, "rps": run.rps} for run in self.runs],
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tree_pss_mb(pid: int) -> float:
    """Return the proportional set size of a process and its children: memory they really cost together."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    total_kb = 0
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def _drain(base_url: str, limit: float = 180.0) -> None:
    """Wait until the server answers the trivial view at once: requests a previous load left queued (wrk
    hangs up, the server still works through them) must not slow the next target down."""
    deadline = time.monotonic() + limit
    quick = 0
    while quick < 3:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base_url}/bench/trivial", timeout=limit) as answer:  # noqa: S310
                answer.read()
        except OSError:
            pass
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0
        if time.monotonic() > deadline:
            print(f"  (the server was still busy after {limit:.0f} s; measuring anyway)", flush=True)
            return
        time.sleep(0.05)


def _manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *arguments], cwd=REPO, env=environment, check=True)


def _ensure_database(name: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=54329, user="photogram", dbname="postgres", autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{name}"')


def _short_commit(tree: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True, text=True, check=True
    ).stdout.strip()


def _nginx(port: int, scratch: Path) -> subprocess.Popen[bytes]:
    root = scratch / "root"
    root.mkdir(parents=True)
    (root / "trivial.json").write_text('{"ok": true}')
    for folder in (scratch, root):
        folder.chmod(0o755)
    temp = scratch / "temp"
    temp.mkdir()
    conf = scratch / "nginx.conf"
    conf.write_text(
        f"worker_processes {WORKERS};\npid {scratch}/nginx.pid;\nerror_log {scratch}/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n  default_type application/json;\n"
        f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; }}\n}}\n"
    )
    return subprocess.Popen(
        ["nginx", "-p", str(scratch), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class Harness:
    def __init__(self, arguments: argparse.Namespace) -> None:
        self.arguments = arguments
        self.quick = arguments.quick
        self.seconds = arguments.seconds or (3 if self.quick else 10)
        self.repeats = arguments.repeats or (2 if self.quick else 3)
        self.warmup = 1 if self.quick else 3
        self.database = arguments.database or ("photogram_bench_quick" if self.quick else "photogram_bench")
        self.environment = {**os.environ, **bench_environment(self.database)}
        self.targets: dict[str, Target] = {}

    def prepare(self) -> dict[str, Any]:
        """Create, migrate and seed the benchmark database; return its marker's description."""
        _ensure_database(self.database)
        _manage(self.environment, "migrate", "--noinput", "--verbosity", "0")
        _manage(self.environment, "cassandra_migrate")
        scale = QUICK_SCALE if self.quick else FULL_SCALE
        seed = [f"--{name.replace('_', '-')}={value}" for name, value in scale.items()]
        if self.arguments.allow_non_benchmark_data:
            seed.append("--allow-non-benchmark-data")
        subprocess.run([str(PYTHON), "-m", "bench.seed", *seed], cwd=REPO, env=self.environment, check=True)
        os.environ.update(bench_environment(self.database))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        import django

        django.setup()
        import redis

        from bench.seeding import marker

        found = marker.read()
        if found is None or found.finished_at is None:
            raise SystemExit(f"refusing to benchmark {self.database!r}: it is not a seeded benchmark database")
        # Counter snapshots and caches of an earlier community must not answer for this one.
        redis.Redis.from_url(self.environment["PHOTOGRAM_REDIS_URL"]).flushdb()
        return marker.describe(found)

    def load(
        self, name: str, kind: str, description: str, base_url: str, requests: list[Any], *, connections: int = 0
    ) -> Target:
        from bench import wrk

        if kind != "ceiling" or name == "django-trivial":
            _drain(base_url)
        target = Target(name, kind, description)
        connections = connections or self.arguments.connections
        wrk.run(base_url, requests, seconds=self.warmup, connections=connections)
        for _ in range(self.repeats):
            target.runs.append(wrk.run(base_url, requests, seconds=self.seconds, connections=connections))
        self.targets[name] = target
        summary = target.summary()
        print(
            f"  {name:<16} {summary['median_rps']:>8.0f} req/s  p99 {summary['p99_ms']:>7.1f} ms  "
            f"errors {summary['error_rate']:.1%}",
            flush=True,
        )
        return target

    def _light_load(self, scenario: Any, base_url: str) -> None:
        """Load the scenario (and its baseline) again below saturation: its latency is the service time.

        Under the saturating load latency is mostly queueing (connections / throughput); a latency target
        is about what one request costs when the server is not already full.
        """
        connections = self.arguments.light_connections
        print(f"{scenario.name}, light load ({connections} connection{'s' if connections > 1 else ''})")
        name = f"{scenario.name}-light"
        target = self.load(
            name,
            "scenario",
            f"{scenario.description}, light load",
            base_url,
            scenario.requests,
            connections=connections,
        )
        p99 = target.summary()["p99_ms"]
        verdict = "met" if p99 < scenario.latency_target_ms else "NOT met"
        print(f"  {name}: p99 {p99:.1f} ms against a target of {scenario.latency_target_ms:.0f} ms: {verdict}")
        if scenario.baseline:
            description = f"{scenario.baseline_description}, light load"
            self.load(f"{name}-naive", "baseline", description, base_url, scenario.baseline, connections=connections)

    def _serve(self, tree: Path, port: int) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
        """Start `tree`'s bin/serve on `port` and the Thrift feed service it reads home feeds through.

        Another checkout runs on this repo's venv (its bin/serve finds it as `.venv`, a symbolic link) and
        imports its own code first (PYTHONPATH); the data is this run's, whichever tree serves it.
        """
        feed_port = _free_port()
        environment = {
            **self.environment,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WORKERS": str(WORKERS),
            "PHOTOGRAM_FEED_SERVICE_PORT": str(feed_port),
            # e.g. "-c jit=off": a PostgreSQL setting for the server's sessions, to measure its effect.
            **({"PGOPTIONS": self.arguments.postgres_options} if self.arguments.postgres_options else {}),
            **({"PYTHONPATH": str(tree)} if tree != REPO else {}),
        }
        # The full profile's web tier reads home feeds through the Thrift feed service: run one of its own.
        feed_service = subprocess.Popen(
            [str(PYTHON), "manage.py", "feed_service", "--port", str(feed_port)],
            cwd=tree,
            env=environment,
            start_new_session=True,
        )
        server = subprocess.Popen([str(tree / "bin" / "serve")], cwd=tree, env=environment, start_new_session=True)
        try:
            _wait_listening(feed_port, feed_service, f"the feed service of {tree}")
            _wait_listening(port, server, f"{tree}/bin/serve")
        except RuntimeError:
            _stop(server)
            _stop(feed_service)
            raise
        return server, feed_service

    def _load_pair(
        self, name: str, description: str, requests: list[Any], urls: dict[str, str], connections: int
    ) -> dict[str, float | None]:
        """Load `requests` on both servers in alternation (ABBA...): one run each per round, each warmed up."""
        from bench import wrk

        targets = {
            label: Target(f"{name}{suffix}", "scenario", f"{description} ({label})")
            for label, suffix in (("after", ""), ("before", "-before"))
        }
        for url in urls.values():
            _drain(url)
            wrk.run(url, requests, seconds=self.warmup, connections=connections)
        order = list(urls)
        for round_ in range(self.repeats):
            for label in order if round_ % 2 == 0 else reversed(order):
                _drain(urls[label])
                run = wrk.run(urls[label], requests, seconds=self.seconds, connections=connections)
                targets[label].runs.append(run)
        for target in targets.values():
            self.targets[target.name] = target
            summary = target.summary()
            print(
                f"  {target.name:<16} {summary['median_rps']:>8.0f} req/s  p99 {summary['p99_ms']:>7.1f} ms  "
                f"errors {summary['error_rate']:.1%}",
                flush=True,
            )
        after, before = (targets[label].summary() for label in ("after", "before"))
        return {key: after[key] / before[key] if before[key] else None for key in ("median_rps", "p50_ms", "p99_ms")}

    def compare(self, scenarios: list[Any], tree: Path) -> dict[str, Any]:
        """Each scenario (and its light load) on this tree's server and `tree`'s, interleaved; after/before."""
        ports = {"before": _free_port(), "after": _free_port()}
        urls = {label: f"http://127.0.0.1:{port}" for label, port in ports.items()}
        started = [self._serve(tree, ports["before"])]
        ratios: dict[str, Any] = {}
        try:
            started.append(self._serve(REPO, ports["after"]))
            for scenario in scenarios:
                loads = [(scenario.name, scenario.description, self.arguments.connections)]
                if scenario.latency_target_ms is not None:
                    light = self.arguments.light_connections
                    loads.append((f"{scenario.name}-light", f"{scenario.description}, light load", light))
                for name, description, connections in loads:
                    print(f"{name}: {description}, {connections} connections, before and after in alternation")
                    ratios[name] = self._load_pair(name, description, scenario.requests, urls, connections)
                    print(
                        f"  after / before: req/s {ratios[name]['median_rps']:.3f}, p50 {ratios[name]['p50_ms']:.3f}, "
                        f"p99 {ratios[name]['p99_ms']:.3f}",
                        flush=True,
                    )
        finally:
            for server, feed_service in started:
                _stop(server)
                _stop(feed_service)
        return {"before": {"tree": str(tree), "commit": _short_commit(tree)}, "after_over_before": ratios}

    def run(self, names: list[str]) -> dict[str, Any]:
        from bench import wrk
        from bench.scenarios import SCENARIOS

        rng = random.Random(1)  # noqa: S311  (the same sample of ids in every run)
        scenarios = [scenario for name in names if (scenario := SCENARIOS[name](rng)) is not None]
        skipped = [name for name in names if name not in {scenario.name for scenario in scenarios}]
        if self.arguments.compare_tree:
            return {"skipped": skipped, **self.compare(scenarios, self.arguments.compare_tree.resolve())}
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        print(f"ceilings ({self.repeats} x {self.seconds} s each, {self.arguments.connections} connections)")
        with tempfile.TemporaryDirectory(prefix="photogram-bench-nginx-") as scratch:
            nginx = _nginx(port, Path(scratch))
            try:
                _wait_listening(port, nginx, "nginx")
                self.load(
                    "nginx-static",
                    "ceiling",
                    "nginx serving a static JSON file",
                    base_url,
                    [wrk.Request("GET", "/trivial.json")],
                )
            finally:
                _stop(nginx)
        server, feed_service = self._serve(REPO, port)
        try:
            self.load(
                "django-trivial",
                "ceiling",
                "the same server answering a trivial JSON view",
                base_url,
                [wrk.Request("GET", "/bench/trivial")],
            )
            for scenario in scenarios:
                print(f"{scenario.name}: {scenario.description}")
                self.load(scenario.name, "scenario", scenario.description, base_url, scenario.requests)
                if scenario.baseline:
                    self.load(
                        f"{scenario.name}-naive", "baseline", scenario.baseline_description, base_url, scenario.baseline
                    )
                if scenario.latency_target_ms is not None:
                    self._light_load(scenario, base_url)
            server_pss = _tree_pss_mb(server.pid)
        finally:
            _stop(server)
            _stop(feed_service)
        return {"skipped": skipped, "server_pss_mb": server_pss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small community and short runs (about a minute)")
    parser.add_argument("--scenario", action="append", help="run only these scenarios (repeatable)")
    parser.add_argument("--seconds", type=int, default=0, help="seconds per run (default 10, quick 3)")
    parser.add_argument("--repeats", type=int, default=0, help="runs per target (default 3, quick 2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections of the saturating load")
    parser.add_argument(
        "--light-connections",
        type=int,
        default=1,
        help="connections of the light load, for the scenarios with a latency target (default 1)",
    )
    parser.add_argument("--database", default="", help="default photogram_bench (quick: photogram_bench_quick)")
    parser.add_argument("--postgres-options", default="", help='PGOPTIONS for the server, e.g. "-c jit=off"')
    parser.add_argument("--allow-non-benchmark-data", action="store_true", help="seed a database holding other data")
    parser.add_argument(
        "--compare-tree",
        type=Path,
        help="another checkout (with .venv linked to this repo's): its server against this one's, interleaved",
    )
    arguments = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: apt-get install {tool}", file=sys.stderr)
            return 1
    sys.path.insert(0, str(REPO))
    from bench import report
    from bench.scenarios import SCENARIOS

    names = arguments.scenario or list(SCENARIOS)
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        print(f"unknown scenario {', '.join(sorted(unknown))}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    harness = Harness(arguments)
    started = time.time()
    seed = harness.prepare()
    extra = harness.run(names)
    settings = {
        "mode": "quick" if harness.quick else "full",
        "seconds": harness.seconds,
        "repeats": harness.repeats,
        "warmup_seconds": harness.warmup,
        "connections": arguments.connections,
        "light_load_connections": arguments.light_connections,
        "server_workers": WORKERS,
        "database": harness.database,
        "postgres_options": arguments.postgres_options,
        "compare_tree": str(arguments.compare_tree or ""),
    }
    return report.publish(harness.targets, settings=settings, seed=seed, extra=extra, started=started)


if __name__ == "__main__":
    sys.exit(main())
