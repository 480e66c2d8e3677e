"""Redis from Debian's packages, a throwaway cache under var/redis/."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import ClassVar

from devstack.common import LOOPBACK, Port, ServiceError, SpawnedService, env_port, probe


def _command(*args: str) -> bytes:
    """A command in RESP, Redis's wire protocol."""
    parts = [f"*{len(args)}\r\n".encode()]
    parts += [f"${len(arg)}\r\n{arg}\r\n".encode() for arg in args]
    return b"".join(parts)


class Redis(SpawnedService):
    name = "redis"
    marker = "redis-server"
    startup_timeout: ClassVar[float] = 15.0
    stop_timeout: ClassVar[float] = 10.0

    @property
    def ports(self) -> list[Port]:
        return [env_port("PHOTOGRAM_REDIS_PORT", 63799, "Redis")]

    @property
    def console_log(self) -> Path:
        return self.dir / "redis.log"

    def missing_packages(self) -> list[str]:
        return [] if shutil.which("redis-server") else ["redis-server"]

    def prepare(self) -> None:
        (self.dir / "redis.conf").write_text(
            "# Written by bin/services at every start; edits are lost.\n"
            f"bind {LOOPBACK}\n"
            f"port {self.ports[0].number}\n"
            "protected-mode yes\n"
            f"dir {self.dir}\n"
            "# A cache: nothing is persisted.\n"
            'save ""\n'
            "appendonly no\n"
            "# Logs go to stdout, which bin/services sends to redis.log.\n"
            'logfile ""\n'
        )

    def command(self) -> list[str]:
        server = shutil.which("redis-server")
        if server is None:
            raise ServiceError("redis-server is not installed: run bin/services up redis")
        return [server, str(self.dir / "redis.conf")]

    def ready(self) -> bool:
        return probe(self.ports[0].number, _command("PING")).startswith(b"+PONG")

    def request_shutdown(self, pid: int) -> None:
        # Redis answers SHUTDOWN by closing the connection, so no reply is expected.
        probe(self.ports[0].number, _command("SHUTDOWN", "NOSAVE"))

    def log_files(self) -> list[Path]:
        return [self.console_log]
