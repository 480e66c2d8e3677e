"""Streaming benchmark: the streaming server (bin/streaming: uvicorn; granian for comparison) on the full profile.

Three figures per server, each the median of --repeats runs:
1. Latency from `publish` to the event read by a client on an open `user` stream, p50 and p99, while 1,000
   other clients read the public stream under a steady background load (--load public events a second,
   each delivered to all of them: 5,000 deliveries a second by default).
2. Memory (PSS) of one server process holding 10,000 idle streams, and per stream.
3. Events per second delivered to 1,000 readers of the public stream (events published as fast as Redis takes
   them; the clock stops when every reader has read every event).
The clients are raw sockets in one asyncio loop of this process; the events go through Redis pub/sub.
Usage: python bench/streaming.py [--repeats 3] [--idle 10000] [--readers 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import harness  # noqa: E402  (bench/ is the script's directory, so the harness's helpers import as a module)

DATABASE = "photogram_bench_streaming"
PARTS = ("latency", "idle", "throughput")
PYTHON = REPO / ".venv" / "bin" / "python"


def _raise_file_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _prepare(environment: dict[str, str]) -> str:
    """Migrate the benchmark's database and return a reader's access token."""
    harness._ensure_database(DATABASE)
    harness._manage(environment, "migrate", "--noinput", "-v0")
    code = (
        "import django; django.setup()\n"
        "from tests.support.api import make_token, make_user\n"
        "from photogram.accounts.models import User\n"
        "user = User.objects.filter(username='streamer').first() or make_user('streamer', with_password=False)\n"
        "print(make_token(user, 'read', expires_in=86400), user.pk)\n"
    )
    found = subprocess.run(
        [str(PYTHON), "-c", code],
        cwd=REPO,
        env={**environment, "DJANGO_SETTINGS_MODULE": "photogram.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def _serve(server: str, port: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    if server == "uvicorn":  # what bin/streaming runs
        command = [str(REPO / "bin" / "streaming")]
        environment = {**environment, "PHOTOGRAM_STREAMING_PORT": str(port), "HOST": "127.0.0.1"}
    else:
        # granian as bin/streaming ran it before: its cap on concurrent requests far above the streams held,
        # HTTP/1 buffers at their 8 KiB floor (the default, 408 KiB, costs 10 KB more per idle stream).
        command = [
            str(REPO / ".venv" / "bin" / "granian"),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--backlog",
            "4096",
            "--backpressure",
            "200000",
            "--http1-buffer-size",
            "8192",
            "--no-access-log",
            "photogram.streaming.asgi:application",
        ]
    process = subprocess.Popen(command, cwd=REPO, env=environment, start_new_session=True)
    harness._wait_listening(port, process, server)
    return process


class Reader:
    """One SSE connection; counts events, and records latencies of events whose payload is a timestamp."""

    def __init__(self) -> None:
        self.events = 0
        self.latencies: list[float] = []
        self.writer: asyncio.StreamWriter | None = None

    async def run(self, port: int, path: str, token: str, opened: asyncio.Event | None = None) -> None:
        reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        await self.writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(head.decode(errors="replace"))
        if opened is not None:
            opened.set()
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"event: "):
                self.events += 1
            elif line.startswith(b'data: {"sent"'):
                self.latencies.append(time.time() - json.loads(line[6:])["sent"])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _open(count: int, port: int, path: str, token: str) -> tuple[list[Reader], list[asyncio.Task[None]]]:
    readers = [Reader() for _ in range(count)]
    tasks = []
    for start in range(0, count, 500):  # in batches, so the listen backlog never overflows
        batch = [asyncio.Event() for _ in readers[start : start + 500]]
        tasks += [
            asyncio.create_task(reader.run(port, path, token, opened))
            for reader, opened in zip(readers[start : start + 500], batch, strict=True)
        ]
        await asyncio.wait_for(asyncio.gather(*(opened.wait() for opened in batch)), 120)
    return readers, tasks


def _close(readers: list[Reader], tasks: list[asyncio.Task[None]]) -> None:
    for reader in readers:
        reader.close()
    for task in tasks:
        task.cancel()


async def _latency(
    port: int, token: str, user_id: int, publish: Any, *, readers_count: int, load: int
) -> dict[str, float]:
    from photogram.streaming.services import channels

    background, background_tasks = await _open(readers_count, port, "/api/v1/streaming/public", token)
    probe, probe_tasks = await _open(1, port, "/api/v1/streaming/user", token)
    stop = threading.Event()

    def steady_load() -> None:  # `load` public events a second, each delivered to every background reader
        while not stop.is_set():
            publish(channels.PUBLIC, {"event": "update", "payload": "{}", "visibility": "public"})
            time.sleep(1 / load)

    loader = threading.Thread(target=steady_load, daemon=True)
    loader.start()
    await asyncio.sleep(1)
    for _ in range(300):
        publish(channels.user(user_id), {"event": "notification", "payload": json.dumps({"sent": time.time()})})
        await asyncio.sleep(0.02)
    await asyncio.sleep(1)
    stop.set()
    loader.join()
    latencies = sorted(probe[0].latencies)
    _close(background + probe, background_tasks + probe_tasks)
    return {
        "samples": len(latencies),
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
    }


async def _idle_memory(server: subprocess.Popen[bytes], port: int, token: str, count: int) -> dict[str, float]:
    before = harness._tree_pss_mb(server.pid)
    readers, tasks = await _open(count, port, "/api/v1/streaming/user", token)
    await asyncio.sleep(2)
    after = harness._tree_pss_mb(server.pid)
    _close(readers, tasks)
    return {
        "idle_streams": count,
        "pss_before_mb": before,
        "pss_after_mb": after,
        "kb_per_stream": (after - before) * 1024 / count,
    }


async def _throughput(port: int, token: str, publish: Any, readers_count: int, events: int) -> dict[str, float]:
    from photogram.streaming.services import channels

    readers, tasks = await _open(readers_count, port, "/api/v1/streaming/public", token)
    await asyncio.sleep(1)
    started = time.monotonic()
    await asyncio.to_thread(
        lambda: [publish(channels.PUBLIC, {"event": "update", "payload": "{}"}) for _ in range(events)]
    )
    deadline = started + 120
    while sum(reader.events for reader in readers) < readers_count * events and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    elapsed = time.monotonic() - started
    delivered = sum(reader.events for reader in readers)
    _close(readers, tasks)
    return {
        "readers": readers_count,
        "events": events,
        "delivered": delivered,
        "seconds": elapsed,
        "deliveries_per_second": delivered / elapsed,
    }


async def _measure(
    part: str,
    *,
    server: subprocess.Popen[bytes],
    port: int,
    token: str,
    user_id: int,
    publish: Any,
    arguments: argparse.Namespace,
) -> dict[str, float]:
    if part == "latency":
        return await _latency(port, token, user_id, publish, readers_count=arguments.readers, load=arguments.load)
    if part == "idle":
        return await _idle_memory(server, port, token, arguments.idle)
    return await _throughput(port, token, publish, arguments.readers, arguments.events)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--idle", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=1_000)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--load", type=int, default=5, help="background public events a second (latency)")
    parser.add_argument("--servers", nargs="+", default=["granian", "uvicorn"])
    parser.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS, help="which figures to measure")
    arguments = parser.parse_args()
    _raise_file_limit()
    environment = {**os.environ, **harness.bench_environment(DATABASE)}
    token, user_id = _prepare(environment).split()
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "photogram.settings"
    import django

    django.setup()
    from photogram.streaming.services.broker import brokers

    publish = brokers.default.publish
    results: dict[str, Any] = {}
    for server_name in arguments.servers:
        runs = []
        for _ in range(arguments.repeats):
            port = harness._free_port()
            server = _serve(server_name, port, environment)
            try:
                run = {
                    part: asyncio.run(
                        _measure(
                            part,
                            server=server,
                            port=port,
                            token=token,
                            user_id=int(user_id),
                            publish=publish,
                            arguments=arguments,
                        )
                    )
                    for part in arguments.parts
                }
            finally:
                harness._stop(server)
            print(server_name, json.dumps(run), flush=True)
            runs.append(run)
        results[server_name] = {
            part: {key: statistics.median(run[part][key] for run in runs) for key in runs[0][part]} for part in runs[0]
        }
    print(json.dumps({"medians": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
