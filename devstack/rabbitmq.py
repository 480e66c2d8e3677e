"""RabbitMQ from Debian's packages: one node, photogram@localhost, with everything under var/rabbitmq/."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import ClassVar

from devstack.common import LOOPBACK, Port, SpawnedService, env_port, probe, read_pid, run

SCRIPTS = Path("/usr/lib/rabbitmq/bin")
NODENAME = "photogram@localhost"
# AMQP 0-9-1 protocol header: a live broker answers with a Connection.Start method frame (type 1).
AMQP_HEADER = b"AMQP\x00\x00\x09\x01"


class RabbitMQ(SpawnedService):
    name = "rabbitmq"
    # The pid we record is /usr/lib/rabbitmq/bin/rabbitmq-server's: a shell that runs the Erlang VM
    # and turns SIGTERM into a clean stop. The /usr/sbin wrapper would switch to the rabbitmq user.
    marker = "rabbitmq-server"
    startup_timeout: ClassVar[float] = 120.0

    @property
    def ports(self) -> list[Port]:
        return [
            env_port("PHOTOGRAM_RABBITMQ_PORT", 56729, "RabbitMQ AMQP"),
            env_port("PHOTOGRAM_RABBITMQ_DIST_PORT", 56739, "RabbitMQ Erlang distribution"),
            env_port("PHOTOGRAM_EPMD_PORT", 43699, "Erlang port mapper (epmd)"),
        ]

    @property
    def console_log(self) -> Path:
        return self.dir / "log" / "console.log"

    @property
    def node_pid_file(self) -> Path:
        return self.dir / "node.pid"

    def missing_packages(self) -> list[str]:
        return [] if (SCRIPTS / "rabbitmq-server").exists() else ["rabbitmq-server"]

    def environment(self) -> dict[str, str]:
        amqp, dist, epmd = (port.number for port in self.ports)
        # Server and CLI need the same node name, epmd port and HOME (where the Erlang cookie lives).
        # Every path points into var/rabbitmq (none of these files needs to exist) so that nothing
        # under /etc/rabbitmq applies.
        return {
            **os.environ,
            "HOME": str(self.dir),
            "RABBITMQ_NODENAME": NODENAME,
            "RABBITMQ_NODE_IP_ADDRESS": LOOPBACK,
            "RABBITMQ_NODE_PORT": str(amqp),
            "RABBITMQ_DIST_PORT": str(dist),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": f"-kernel inet_dist_use_interface {{{LOOPBACK.replace('.', ',')}}}",
            "ERL_EPMD_PORT": str(epmd),
            "ERL_EPMD_ADDRESS": LOOPBACK,
            "RABBITMQ_CONF_ENV_FILE": str(self.dir / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(self.dir / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.dir / "enabled_plugins"),
            "RABBITMQ_MNESIA_BASE": str(self.dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.dir / "log"),
            "RABBITMQ_PID_FILE": str(self.node_pid_file),
        }

    def command(self) -> list[str]:
        return [str(SCRIPTS / "rabbitmq-server")]

    def ctl(self, *args: str, timeout: float = 90.0) -> str:
        return run(
            [SCRIPTS / "rabbitmqctl", "-q", *args],
            f"rabbitmqctl {args[0]}",
            env=self.environment(),
            cwd=self.dir,
            timeout=timeout,
        )

    def pid(self) -> int | None:
        # Prefer the Erlang VM itself (its memory is the broker's), else the launching shell during boot.
        return read_pid(self.node_pid_file, "beam") or super().pid()

    def ready(self) -> bool:
        return probe(self.ports[0].number, AMQP_HEADER)[:1] == b"\x01"

    def after_ready(self) -> None:
        self.ctl("await_startup")

    def request_shutdown(self, pid: int) -> None:
        if read_pid(self.node_pid_file, "beam") is not None:
            self.ctl("stop", str(self.node_pid_file))  # returns once the VM has exited
        else:
            super().request_shutdown(pid)

    def stop(self) -> None:
        super().stop()
        # epmd was started by the node on our private port; it refuses to die while any node is registered.
        epmd = shutil.which("epmd")
        if epmd is not None:
            subprocess.run(
                [epmd, "-kill"],
                check=False,
                env={**os.environ, "ERL_EPMD_PORT": str(self.ports[2].number)},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

    def log_files(self) -> list[Path]:
        return [self.console_log, self.dir / "log" / f"{NODENAME}.log"]
