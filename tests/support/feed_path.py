"""The full profile's feed path for tests: the outbox relay and feed-service processes, run for real.

Its fixtures are registered once, in tests/conftest.py: a second registration (a conftest importing them)
would start a second session-wide relay, which no test could pause."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from photogram.rpc.client import ThriftFeedService, feed_service

REPO_ROOT = Path(__file__).resolve().parents[2]


def start_manage_py(*command: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    """Start `manage.py <command>` against the test database; return it with the first line it prints."""
    environment = {**os.environ, "PHOTOGRAM_POSTGRES_DB": settings.DATABASES["default"]["NAME"], **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command], cwd=REPO_ROOT, env=environment, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    first_line = process.stdout.readline()
    if not first_line:
        process.wait(timeout=10)
        pytest.fail(f"manage.py {' '.join(command)} exited with status {process.returncode} before starting")
    return process, first_line


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    if process.stdout is not None:
        process.stdout.close()


def start_feed_service(env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], int]:
    """Start a feed service on a free port; return it with the port."""
    process, line = start_manage_py("feed_service", "--host", "127.0.0.1", "--port", "0", "--processes", "1", env=env)
    return process, int(line.split()[4].split(":")[1])


@pytest.fixture(scope="session")
def outbox_relay_process(django_db_setup: None, django_db_blocker: object) -> Iterator[subprocess.Popen[str] | None]:
    """Run the outbox relay against the test database (full profile only)."""
    if not settings.FULL_PROFILE:
        yield None
        return
    process, _ = start_manage_py("outbox_relay")
    try:
        yield process
    finally:
        stop(process)


@contextmanager
def paused(process: subprocess.Popen[str] | None) -> Iterator[None]:
    """Hold a process still (SIGSTOP) for a while: a test that relays for itself pauses the shared relay."""
    if process is None:
        yield
        return
    process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="session")
def feed_service_port(django_db_setup: None, django_db_blocker: object) -> Iterator[int]:
    """Run a feed service against the test database and keyspace (full profile only; 0 on embedded)."""
    if not settings.FULL_PROFILE:
        yield 0
        return
    process, port = start_feed_service()
    try:
        yield port
    finally:
        stop(process)


def point_feed_service_at(settings: Any, port: int) -> None:
    """Make the web tier call the feed service on `port` (full profile), with deadlines that a machine
    busy running several test suites at once still meets."""
    entry = settings.FEED_SERVICE["default"]
    options = {**entry["OPTIONS"], "port": port, "timeout": 10.0}
    settings.FEED_SERVICE = {"default": {**entry, "OPTIONS": options}}


@pytest.fixture
def feed_stack(
    celery_worker_process: None,
    outbox_relay_process: subprocess.Popen[str] | None,
    feed_service_port: int,
    settings: Any,
) -> Iterator[None]:
    """The whole feed path: relay, workers and feed service on full; inline on embedded."""
    if settings.FULL_PROFILE:
        point_feed_service_at(settings, feed_service_port)
    yield
    close_feed_service_client()


def close_feed_service_client() -> None:
    """Close the pooled connections of this process's feed service client, before settings forget it."""
    service = feed_service()
    if isinstance(service, ThriftFeedService):
        service.pool.close()
