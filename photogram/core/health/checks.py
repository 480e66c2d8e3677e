"""Health checks: is each backend this profile depends on answering, and how fast?"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

from photogram.celery import app as celery_app
from photogram.core.cassandra.connection import READ_PROFILE, get_session

# Every check must answer within this many seconds, so /healthz never hangs on a dead backend.
CHECK_TIMEOUT = 3.0


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check."""

    name: str
    ok: bool
    latency_ms: float
    detail: str


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return str(connection.vendor)


def check_cache() -> str:
    key = "healthz:probe"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("a value written to the cache did not read back")
    return str(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1])


def check_redis() -> str:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=2)
    try:
        client.ping()
        return f"redis {client.info('server')['redis_version']}"
    finally:
        client.close()


def check_rabbitmq() -> str:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
        broker.ensure_connection(max_retries=1)
        version = broker.connection.server_properties.get("version", b"")
    return f"rabbitmq {version.decode() if isinstance(version, bytes) else version}"


def check_celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "tasks run inline"
    # limit=1: answer as soon as one worker replies instead of waiting out the timeout for others.
    replies = celery_app.control.ping(timeout=1.0, limit=1)
    if not replies:
        raise RuntimeError("no Celery worker answered a ping: start one with `make worker`")
    return "a worker answered"


def check_cassandra() -> str:
    row = (
        get_session()
        .execute("SELECT release_version FROM system.local", execution_profile=READ_PROFILE, timeout=CHECK_TIMEOUT)
        .one()
    )
    return f"cassandra {row.release_version}"


def checks_for_profile() -> dict[str, Callable[[], str]]:
    """Return the checks of the backends the configured profile uses."""
    checks: dict[str, Callable[[], str]] = {
        "database": check_database,
        "cache": check_cache,
        "tasks": check_celery,
    }
    if settings.REDIS_URL:
        checks["redis"] = check_redis
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["rabbitmq"] = check_rabbitmq
    if settings.FULL_PROFILE:
        checks["cassandra"] = check_cassandra
    return checks


def _timed(name: str, check: Callable[[], str]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as error:  # Any failure of a backend is a finding to report, not a crash.
        detail, ok = f"{type(error).__name__}: {error}", False
    return CheckResult(name, ok, round((time.perf_counter() - started) * 1000, 2), detail)


def run_checks(checks: dict[str, Callable[[], str]] | None = None) -> list[CheckResult]:
    """Run the checks side by side; a check still running after CHECK_TIMEOUT counts as failed."""
    checks = checks if checks is not None else checks_for_profile()
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="healthz")
    futures = {name: pool.submit(_timed_in_thread, name, check) for name, check in checks.items()}
    results = []
    deadline = time.monotonic() + CHECK_TIMEOUT
    for name, future in futures.items():
        try:
            results.append(future.result(timeout=max(0.0, deadline - time.monotonic())))
        except TimeoutError:
            results.append(CheckResult(name, False, CHECK_TIMEOUT * 1000, f"no answer within {CHECK_TIMEOUT} s"))
    # Don't wait for a hung check: its thread ends when its own socket timeout fires.
    pool.shutdown(wait=False)
    return results


def _timed_in_thread(name: str, check: Callable[[], str]) -> CheckResult:
    try:
        return _timed(name, check)
    finally:
        # Each pool thread opened its own Django database connection; don't leak it.
        connection.close()
