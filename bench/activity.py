"""Activity benchmark: a like's notification reaching the liked author's open stream, end to end (full profile).

The stack runs as in production (Procfile.full): bin/serve (the WSGI web tier), a Celery worker for the
notify queue, bin/streaming (the ASGI streaming server), with PostgreSQL, Redis, RabbitMQ and Cassandra.
A recipient reads `/api/v1/streaming/user/notification`; one like at a time, another account likes one of
the recipient's posts (`POST /api/v1/statuses/:id/favourite`), and the clock runs from sending the request
until the `notification` event of that like arrives on the stream: the request, the task sent after commit
through RabbitMQ, the worker's policy checks and inbox write in Cassandra, the rendering, Redis pub/sub and
the streaming server. Meanwhile other accounts like other accounts' posts at --load likes a second.
Each run uses posts of its own (a like is made once: a second run's like of the same post would notify no one).
Usage: python bench/activity.py [--repeats 3] [--samples 300] [--load 20]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import fanout  # noqa: E402  (bench/ is the script's directory: its helpers import as modules)
import harness  # noqa: E402

DATABASE = "photogram_bench_activity"
PROBERS = 20  # accounts liking the recipient's posts
BACKGROUND_LIKERS = 40  # accounts liking the background authors' posts
BACKGROUND_AUTHORS = 10
# Seconds a probe waits for its event before it counts as lost (and the run fails).
EVENT_DEADLINE = 30.0


@dataclass
class Community:
    recipient_token: str
    probers: list[tuple[str, str]]  # (username, token)
    background: list[str]  # tokens


@dataclass
class Probe:
    """The like in flight: the stream reader stamps its arrival."""

    key: tuple[str, str] = ("", "")  # (status id, liker's username)
    sent: float = 0.0
    arrived: threading.Event = field(default_factory=threading.Event)
    latency: float = 0.0


def _environment() -> dict[str, str]:
    # bench.settings: the API's rate limit runs but never refuses (all the load comes from one address).
    return {**os.environ, **harness.bench_environment(DATABASE), "DJANGO_SETTINGS_MODULE": "bench.settings"}


def _community() -> Community:
    """Return the recipient's, the probers' and the background likers' tokens (accounts made once)."""
    from django.contrib.auth.hashers import make_password

    from photogram.accounts.models import User
    from tests.support.api import make_token

    unusable = make_password(None)

    def account(name: str) -> Any:
        return User.objects.get_or_create(
            username=name, defaults={"password": unusable, "email": f"{name}@bench.invalid"}
        )[0]

    def token(user: Any) -> str:
        return make_token(user, "read write", expires_in=86_400)

    return Community(
        recipient_token=token(account("act_recipient")),
        probers=[(f"act_fan{n}", token(account(f"act_fan{n}"))) for n in range(PROBERS)],
        background=[token(account(f"act_bg{n}")) for n in range(BACKGROUND_LIKERS)],
    )


def _fresh_posts(username: str, count: int) -> list[str]:
    """Publish `count` new posts by `username` and return their ids."""
    from photogram.accounts.models import User
    from photogram.posts.services import publishing

    author = User.objects.get_or_create(username=username, defaults={"email": f"{username}@bench.invalid"})[0]
    return [
        str(publishing.publish(author, "activity benchmark", [fanout._ready_upload(author).pk]).pk)
        for _ in range(count)
    ]


def _like(connection: http.client.HTTPConnection, token: str, status_id: str) -> None:
    connection.request("POST", f"/api/v1/statuses/{status_id}/favourite", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"like of {status_id}: {response.status} {body[:200]!r}")


def _open_stream(port: int, token: str) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/v1/streaming/user/notification", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"stream: {response.status} {response.read()[:200]!r}")
    if connection.sock is not None:
        connection.sock.settimeout(None)  # a quiet stream is no error; closing the socket ends the reading
    return connection, response


def _read_stream(response: http.client.HTTPResponse, probe: Probe) -> None:
    """Read the recipient's notification stream; stamp the probe whose like an event announces."""
    event = ""
    while line := response.fp.readline():
        if line.startswith(b"event: "):
            event = line[7:].strip().decode()
        elif line.startswith(b"data: ") and event == "notification":
            arrived = time.perf_counter()
            notification = json.loads(line[6:])
            key = (notification["status"]["id"], notification["account"]["username"])
            if key == probe.key and not probe.arrived.is_set():
                probe.latency = arrived - probe.sent
                probe.arrived.set()


def _background(port: int, tokens: list[str], posts: list[str], rate: float, stop: threading.Event) -> None:
    """Like the background posts at `rate` a second (open loop: a slow answer does not lower the rate)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    pairs = itertools.product(posts, tokens)
    due = time.perf_counter()
    while not stop.is_set():
        pair = next(pairs, None)
        if pair is None:
            stop.set()  # the timed loop sees it and fails the run
            raise RuntimeError("the background ran out of posts to like: the run was not under its full load")
        status_id, token = pair
        _like(connection, token, status_id)
        due += 1 / rate
        time.sleep(max(0.0, due - time.perf_counter()))
    connection.close()


def _cpu_busy() -> tuple[int, int]:
    """Return the machine's busy and total CPU time so far (jiffies), for the load during a run."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _run(ports: dict[str, int], community: Community, arguments: argparse.Namespace) -> dict[str, float]:
    posts_needed = -(-arguments.samples // len(community.probers))
    recipient_posts = _fresh_posts("act_recipient", posts_needed)
    # Two background threads, each at half the rate: one waiting on a slow answer does not stall the load.
    # Enough posts that the background never runs out of new likes: half a minute to warm up, then up to half
    # a second per timed like.
    likes_needed = arguments.load * (30 + arguments.samples * (arguments.interval + 0.5))
    per_author = math.ceil(likes_needed / (BACKGROUND_LIKERS * BACKGROUND_AUTHORS))
    background_posts = [_fresh_posts(f"act_author{n}", per_author) for n in range(BACKGROUND_AUTHORS)]
    flat = [post for posts in background_posts for post in posts]
    probe = Probe()
    stop = threading.Event()
    stream, response = _open_stream(ports["streaming"], community.recipient_token)
    reader = threading.Thread(target=_read_stream, args=(response, probe), daemon=True)
    reader.start()
    loaders = [
        threading.Thread(
            target=_background,
            args=(ports["web"], community.background[half::2], flat[half::2], arguments.load / 2, stop),
            daemon=True,
        )
        for half in (0, 1)
    ]
    for loader in loaders:
        loader.start()
    time.sleep(2)  # the background load settles
    connection = http.client.HTTPConnection("127.0.0.1", ports["web"], timeout=30)
    latencies = []
    load_before = os.getloadavg()
    busy_before = _cpu_busy()
    pairs = list(itertools.product(recipient_posts, community.probers))[: arguments.samples]
    try:
        for status_id, (username, token) in pairs:
            if stop.is_set():
                raise RuntimeError("the background load stopped before the run ended")
            probe.key, probe.latency = (status_id, username), 0.0
            probe.arrived.clear()
            probe.sent = time.perf_counter()
            _like(connection, token, status_id)
            if not probe.arrived.wait(EVENT_DEADLINE):
                raise RuntimeError(f"no notification on the stream within {EVENT_DEADLINE} s for {probe.key}")
            latencies.append(probe.latency)
            time.sleep(arguments.interval)
    finally:
        busy_after = _cpu_busy()
        load_after = os.getloadavg()
        stop.set()
        for loader in loaders:
            loader.join(30)
        connection.close()
        if stream.sock is not None:
            stream.sock.shutdown(socket.SHUT_RDWR)
        reader.join(5)
        stream.close()
    latencies.sort()
    return {
        "samples": len(latencies),
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p90_ms": 1000 * latencies[int(len(latencies) * 0.9) - 1],
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
        "max_ms": 1000 * latencies[-1],
        "cpu_busy_percent": 100 * (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1]),
        "load_1min_before": load_before[0],
        "load_1min_after": load_after[0],
    }


def _start_stack(environment: dict[str, str], workers: int) -> tuple[dict[str, int], list[subprocess.Popen[bytes]]]:
    """Start the web tier, a notify worker and the streaming server; return their ports and processes."""
    from photogram.celery import app

    ports = {"web": harness._free_port(), "streaming": harness._free_port()}
    served = {
        **environment,
        "HOST": "127.0.0.1",
        "PORT": str(ports["web"]),
        "PHOTOGRAM_STREAMING_PORT": str(ports["streaming"]),
    }
    queues = ",".join(f"{environment['PHOTOGRAM_TASK_QUEUE_PREFIX']}{name}" for name in ("default", "notify"))
    hostname = f"bench-activity-{os.getpid()}@%h"
    processes = [
        subprocess.Popen([str(REPO / "bin" / "serve")], cwd=REPO, env=served, start_new_session=True),
        subprocess.Popen([str(REPO / "bin" / "streaming")], cwd=REPO, env=served, start_new_session=True),
        subprocess.Popen(
            [str(harness.PYTHON), "-m", "celery", "-A", "photogram", "worker", "--loglevel=WARNING",
             f"--concurrency={workers}", f"--queues={queues}", f"--hostname={hostname}"],
            cwd=REPO, env=served, start_new_session=True,
        ),
    ]  # fmt: skip
    try:
        harness._wait_listening(ports["web"], processes[0], "bin/serve")
        harness._wait_listening(ports["streaming"], processes[1], "bin/streaming")
        destination = [hostname.replace("%h", os.uname().nodename)]
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=destination, timeout=0.5):
            if processes[2].poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
    except BaseException:
        for process in processes:
            harness._stop(process)
        raise
    return ports, processes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--samples", type=int, default=300, help="likes timed per run")
    parser.add_argument("--load", type=float, default=20, help="background likes a second")
    parser.add_argument("--interval", type=float, default=0.05, help="pause between two timed likes (s)")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (prefork concurrency)")
    arguments = parser.parse_args()

    environment = _environment()
    harness._ensure_database(DATABASE)
    harness._manage(environment, "migrate", "--noinput", "--verbosity", "0")
    harness._manage(environment, "cassandra_migrate")
    os.environ.update(environment)
    import django

    django.setup()
    community = _community()
    ports, processes = _start_stack(environment, arguments.workers)
    runs = []
    try:
        _run(ports, community, argparse.Namespace(**{**vars(arguments), "samples": 20}))  # warm-up
        for _ in range(arguments.repeats):
            run = _run(ports, community, arguments)
            print("activity", json.dumps(run), flush=True)
            runs.append(run)
    finally:
        for process in processes:
            harness._stop(process)
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(json.dumps({"commit": harness._short_commit(REPO), "load_per_second": arguments.load, "medians": medians}))
    verdict = "met" if medians["p99_ms"] < 250 else "NOT met"
    print(f"like -> notification on the stream: p50 {medians['p50_ms']:.1f} ms, p99 {medians['p99_ms']:.1f} ms "
          f"(target p99 < 250 ms: {verdict})")  # fmt: skip
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    output = harness.RESULTS / f"activity-{time.strftime('%Y%m%dT%H%M%S')}.json"
    output.write_text(json.dumps({"arguments": vars(arguments), "runs": runs, "medians": medians}, indent=2))
    print(f"figures: {output.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
