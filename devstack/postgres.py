"""PostgreSQL from Debian's packages, one cluster under var/postgres/ run by the `postgres` user."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import ClassVar

from devstack.common import LOOPBACK, Port, Service, ServiceError, env_port, read_pid, run

ROLE = "photogram"
DATABASE = "photogram"
SYSTEM_USER = "postgres"


def _bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has pg_ctl."""
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    return max(found, key=lambda p: int(p.parent.name), default=None)


class Postgres(Service):
    name = "postgres"
    startup_timeout: ClassVar[float] = 60.0

    def __init__(self) -> None:
        super().__init__()
        self.data = self.dir / "data"
        self.socket_dir = self.dir / "run"
        self.log = self.dir / "postgresql.log"

    @property
    def ports(self) -> list[Port]:
        return [env_port("PHOTOGRAM_POSTGRES_PORT", 54329, "PostgreSQL")]

    def missing_packages(self) -> list[str]:
        return [] if _bindir() else ["postgresql"]

    def _tool(self, name: str) -> Path:
        bindir = _bindir()
        if bindir is None:
            raise ServiceError("PostgreSQL is not installed: run bin/services up postgres")
        return bindir / name

    def _as_owner(self, *cmd: str | Path) -> list[str | Path]:
        # PostgreSQL refuses to run as root, so root runs it as the Debian packages' system user.
        return ["runuser", "-u", SYSTEM_USER, "--", *cmd] if os.geteuid() == 0 else list(cmd)

    def pid(self) -> int | None:
        return read_pid(self.data / "postmaster.pid", "postgres")

    def ready(self) -> bool:
        if _bindir() is None:
            return False
        check: list[str | Path] = [
            self._tool("pg_isready"),
            "-q",
            "-h",
            LOOPBACK,
            "-p",
            str(self.ports[0].number),
            "-t",
            "2",
        ]
        return subprocess.run(check, check=False, stdin=subprocess.DEVNULL).returncode == 0

    def launch(self) -> float:
        for path in (self.dir, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
        if not (self.data / "PG_VERSION").exists():
            self._initdb()
        settings = self.data / "devstack.conf"
        # Rewritten at every start so that a changed port takes effect.
        settings.write_text(
            "# Written by bin/services at every start; edits are lost.\n"
            f"listen_addresses = '{LOOPBACK}'\n"
            f"port = {self.ports[0].number}\n"
            f"unix_socket_directories = '{self.socket_dir}'\n"
            "max_connections = 200\n"
            "# Dev and test data only: trade crash safety for speed.\n"
            "fsync = off\n"
            "synchronous_commit = off\n"
            "full_page_writes = off\n"
        )
        started = time.monotonic()
        run(
            self._as_owner(
                self._tool("pg_ctl"),
                "start",
                "-D",
                self.data,
                "-l",
                self.log,
                "-w",
                "-t",
                str(int(self.startup_timeout)),
                "-s",
            ),
            "pg_ctl start",
            cwd=self.dir,
        )
        return started

    def _initdb(self) -> None:
        # The bootstrap superuser is `photogram` (so it may create test databases); trust on loopback only.
        run(
            self._as_owner(
                self._tool("initdb"),
                "-D",
                self.data,
                "-U",
                ROLE,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            ),
            "initdb",
            cwd=self.dir,
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("include 'devstack.conf'\n")

    def after_ready(self) -> None:
        psql: list[str | Path] = [
            self._tool("psql"),
            "-h",
            LOOPBACK,
            "-p",
            str(self.ports[0].number),
            "-U",
            ROLE,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-Atc",
        ]
        exists = run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"], "psql")
        if not exists.strip():
            run([*psql, f"CREATE DATABASE {DATABASE} OWNER {ROLE}"], "psql")

    def stop(self) -> None:
        if self.pid() is None:
            return
        run(
            self._as_owner(self._tool("pg_ctl"), "stop", "-D", self.data, "-m", "fast", "-w", "-t", "60", "-s"),
            "pg_ctl stop",
            cwd=self.dir,
        )

    def log_files(self) -> list[Path]:
        return [self.log]
