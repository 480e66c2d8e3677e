"""A Redis server of a test's own (its own port and directory), to stop and start without touching the shared
one that other tests and people use."""

from __future__ import annotations

from pathlib import Path

from devstack.common import Port
from devstack.redis import Redis
from tests.support.rabbitmq import free_port


class PrivateRedis(Redis):
    """bin/services' Redis, on a free port, with its files under `directory`."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.dir = directory
        self._port = Port(free_port(), "PHOTOGRAM_REDIS_PORT", "Redis (test server)")

    @property
    def ports(self) -> list[Port]:
        return [self._port]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self._port.number}/0"

    def stop(self) -> None:
        super().stop()
        # Reap the launcher we started, so no exited child is left for the garbage collector to warn about.
        if self._process is not None:
            self._process.wait(timeout=30)
            self._process = None
