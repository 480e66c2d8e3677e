"""Test-suite wiring: profile markers, and the real Celery worker the full profile's tests talk to."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# The feed path's session-wide processes, registered here once for every test package.
from tests.support.feed_path import feed_service_port, feed_stack, outbox_relay_process

__all__ = ["feed_service_port", "feed_stack", "outbox_relay_process"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect (not skip) tests written for the other profile: the suite runs once per profile."""
    other = "embedded_only" if settings.FULL_PROFILE else "full_only"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


def pytest_report_header(config: pytest.Config) -> str:
    return f"photogram profile: {settings.PHOTOGRAM_PROFILE}"


@pytest.fixture(scope="session", autouse=True)
def cassandra_schema() -> None:
    """Apply every app's CQL files to the test keyspace once per run (full profile)."""
    if settings.FULL_PROFILE:
        from django.core.management import call_command

        call_command("cassandra_migrate", stdout=io.StringIO())


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """Run a real Celery worker against the test database and broker (full profile only)."""
    if not settings.FULL_PROFILE:
        yield
        return
    from photogram.celery import app

    env = dict(os.environ, PHOTOGRAM_POSTGRES_DB=settings.DATABASES["default"]["NAME"])
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "photogram",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            # Consumes settings.TASK_QUEUES: the Makefile gives test runs their own queue names, so a worker
            # from `make run` on the same broker never takes the tests' tasks.
            f"--hostname=tests-{os.getpid()}@%h",
            "--include=tests.support.tasks",
        ],
        cwd=REPO_ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"tests-{os.getpid()}@{os.uname().nodename}"], timeout=0.5):
            if worker.poll() is not None:
                pytest.fail(f"the Celery worker exited with status {worker.returncode} before answering")
            if time.monotonic() > deadline:
                pytest.fail("the Celery worker did not answer within 60 s")
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.fixture(autouse=True)
def isolated_rate_limits(settings: Any) -> None:
    """Give each test rate-limit counters of its own (a fresh in-process store, or a fresh Redis key prefix)."""
    entry = dict(settings.RATE_LIMITS["default"])
    if "redis" in entry["BACKEND"]:
        entry["OPTIONS"] = {**entry.get("OPTIONS", {}), "key_prefix": f"tests:{uuid.uuid4().hex}"}
    settings.RATE_LIMITS = {"default": entry}


@pytest.fixture(scope="session", autouse=True)
def flush_retried_on_deadlock() -> Iterator[None]:
    """Retry a transactional test's closing flush that PostgreSQL chose as a deadlock's victim.

    The full profile's worker, feed service and relay go on reading tables for a moment after a test's last
    request; TRUNCATE's exclusive locks can meet their share locks in a deadlock, which PostgreSQL resolves by
    aborting the TRUNCATE. Trying again once the other side has finished is all it takes.
    """
    from django.core.management.base import CommandError
    from django.core.management.commands import flush

    original = flush.Command.handle

    def handle(self: Any, *args: Any, **options: Any) -> Any:
        for attempt in range(5):
            try:
                return original(self, *args, **options)
            except CommandError as error:
                if "deadlock detected" not in str(error.__cause__) or attempt == 4:
                    raise
                time.sleep(0.5)
        return None

    flush.Command.handle = handle  # type: ignore[method-assign]
    yield
    flush.Command.handle = original  # type: ignore[method-assign]
