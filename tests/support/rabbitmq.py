"""A RabbitMQ node of a test's own (its own ports and directory), to stop and start without touching the
shared one that other tests and people use."""

from __future__ import annotations

import socket
from pathlib import Path

from devstack.common import Port
from devstack.rabbitmq import RabbitMQ


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrivateRabbitMQ(RabbitMQ):
    """bin/services' RabbitMQ, on free ports, with its data under `directory`."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.dir = directory
        self._ports = [
            Port(free_port(), "PHOTOGRAM_RABBITMQ_PORT", "RabbitMQ AMQP (test node)"),
            Port(free_port(), "PHOTOGRAM_RABBITMQ_DIST_PORT", "RabbitMQ Erlang distribution (test node)"),
            Port(free_port(), "PHOTOGRAM_EPMD_PORT", "Erlang port mapper (test node)"),
        ]

    @property
    def ports(self) -> list[Port]:
        return self._ports

    @property
    def broker_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self._ports[0].number}//"

    def stop(self) -> None:
        super().stop()
        # Reap the launcher we started, so no exited child is left for the garbage collector to warn about.
        if self._process is not None:
            self._process.wait(timeout=30)
            self._process = None
