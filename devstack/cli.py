"""The `bin/services` command: up, down, status or wipe Photogram's local services."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from devstack import tools
from devstack.cassandra import Cassandra
from devstack.common import REPO, Service, ServiceError, apt_install, rss_mib
from devstack.postgres import Postgres
from devstack.rabbitmq import RabbitMQ
from devstack.redis import Redis

SERVICES: dict[str, type[Service]] = {
    "postgres": Postgres,
    "redis": Redis,
    "rabbitmq": RabbitMQ,
    "cassandra": Cassandra,
}


def show(service: Service, state: str) -> None:
    print(f"{service.name:<10} {service.address:<16} {state}", flush=True)


def fail(service: Service, exc: ServiceError) -> None:
    print(f"{service.name:<10} {service.address:<16} FAILED: {exc}", file=sys.stderr, flush=True)
    if exc.detail:
        print(exc.detail, file=sys.stderr, flush=True)


def up(services: list[Service]) -> int:
    # The workers that `up` serves process videos: the app's own programs come with the services.
    missing = tools.missing(tools.RUN)
    for service in services:
        missing += [package for package in service.missing_packages() if package not in missing]
    if missing:
        try:
            apt_install(missing)
        except ServiceError as exc:
            print(f"{exc}\n{exc.detail}", file=sys.stderr)
            return 1
    failed = False
    for service in services:
        try:
            show(service, service.up())
        except ServiceError as exc:
            fail(service, exc)
            failed = True
    return 1 if failed else 0


def down(services: list[Service]) -> int:
    failed = False
    for service in services:
        was_running = service.pid() is not None
        started = time.monotonic()
        try:
            service.stop()
        except ServiceError as exc:
            fail(service, exc)
            failed = True
            continue
        show(service, f"stopped in {time.monotonic() - started:.1f}s" if was_running else "already stopped")
    return 1 if failed else 0


def status(services: list[Service]) -> int:
    all_running = True
    for service in services:
        pid = service.pid()
        if pid is None:
            state, all_running = "stopped", False
        elif service.ready():
            rss = rss_mib(pid)
            state = f"running  pid {pid:<8} rss {rss:.0f} MiB" if rss is not None else f"running  pid {pid}"
        else:
            state, all_running = f"not answering  pid {pid}", False
        show(service, state)
    return 0 if all_running else 1


def wipe(services: list[Service]) -> int:
    failed = False
    for service in services:
        try:
            service.wipe()
        except ServiceError as exc:
            fail(service, exc)
            failed = True
            continue
        show(service, f"stopped, data deleted from {service.dir.relative_to(REPO)}/")
    return 1 if failed else 0


COMMANDS: dict[str, Callable[[list[Service]], int]] = {"up": up, "down": down, "status": status, "wipe": wipe}


def install_tools(purposes: list[str]) -> int:
    try:
        tools.install(purposes or ["run"])
    except ServiceError as exc:
        print(f"{exc}\n{exc.detail}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    # `tools [run|test ...]` installs programs, not services (devstack/tools.py): its words are purposes.
    if argv[:1] == ["tools"]:
        unknown = sorted(set(argv[1:]) - tools.PURPOSES.keys())
        if unknown:
            print(f"bin/services tools: unknown purpose {', '.join(unknown)}: choose from {', '.join(tools.PURPOSES)}")
            return 2
        return install_tools(argv[1:])
    parser = argparse.ArgumentParser(
        prog="bin/services",
        description="Run Photogram's local services on 127.0.0.1 with their data under var/<name>/.",
        epilog="Ports come from PHOTOGRAM_*_PORT variables; see devstack/*.py for the names and defaults. "
        "`bin/services tools [run|test]` installs the programs the app (run) or its tests (test) call.",
    )
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(SERVICES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - SERVICES.keys())
    if unknown:
        parser.error(f"unknown service {', '.join(unknown)}: choose from {', '.join(SERVICES)}")
    try:
        services = [cls() for name, cls in SERVICES.items() if name in args.names or not args.names]
        return COMMANDS[args.command](services)
    except ServiceError as exc:
        print(f"{exc}\n{exc.detail}".rstrip(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
