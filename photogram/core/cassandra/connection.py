"""One Cassandra session per process, built lazily from `settings.CASSANDRA`.

Lazily, because the driver's connections and threads must not cross a fork: granian and Celery fork their
workers after importing Django, and each worker opens its own session on first use.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from cassandra import ConsistencyLevel
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, Session
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Cassandra 5.0 speaks protocol v5: naming it skips the driver's downgrade handshake.
PROTOCOL_VERSION = 5
READ_PROFILE = "read"


def consistency_level(name: str) -> int:
    """Return the driver's consistency level constant for a name such as "LOCAL_QUORUM"."""
    try:
        return int(getattr(ConsistencyLevel, name.upper()))
    except AttributeError:
        raise ImproperlyConfigured(f"unknown Cassandra consistency level {name!r}") from None


def replication_options(spec: str) -> dict[str, Any]:
    """Return CQL replication options from `SimpleStrategy:1` or `NetworkTopologyStrategy:dc1=3,dc2=2`."""
    strategy, _, rest = spec.partition(":")
    if strategy == "SimpleStrategy" and rest.isdigit():
        return {"class": "SimpleStrategy", "replication_factor": int(rest)}
    if strategy == "NetworkTopologyStrategy" and rest:
        options: dict[str, Any] = {"class": "NetworkTopologyStrategy"}
        for pair in rest.split(","):
            datacenter, _, factor = pair.partition("=")
            if not datacenter or not factor.isdigit():
                break
            options[datacenter.strip()] = int(factor)
        else:
            return options
    raise ImproperlyConfigured(
        f"PHOTOGRAM_CASSANDRA_REPLICATION={spec!r}: expected SimpleStrategy:<factor> "
        "or NetworkTopologyStrategy:<dc>=<factor>[,<dc>=<factor>...]"
    )


def _connect() -> tuple[Cluster, Session]:
    config = settings.CASSANDRA
    load_balancing = TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=config["LOCAL_DATACENTER"]))
    write_profile = ExecutionProfile(
        load_balancing_policy=load_balancing,
        consistency_level=consistency_level(config["WRITE_CONSISTENCY"]),
        request_timeout=config["REQUEST_TIMEOUT"],
    )
    read_profile = ExecutionProfile(
        load_balancing_policy=load_balancing,
        consistency_level=consistency_level(config["READ_CONSISTENCY"]),
        request_timeout=config["REQUEST_TIMEOUT"],
    )
    cluster = Cluster(
        contact_points=config["HOSTS"],
        port=config["PORT"],
        protocol_version=PROTOCOL_VERSION,
        execution_profiles={EXEC_PROFILE_DEFAULT: write_profile, READ_PROFILE: read_profile},
        connect_timeout=config["REQUEST_TIMEOUT"],
        control_connection_timeout=config["REQUEST_TIMEOUT"],
    )
    try:
        return cluster, cluster.connect()
    except Exception:
        cluster.shutdown()
        raise


class _ProcessSession:
    """The session of the current process, rebuilt in a child that inherited its parent's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cluster: Cluster | None = None
        self._session: Session | None = None
        self._owner_pid = 0

    def get(self) -> Session:
        with self._lock:
            if self._session is None or self._owner_pid != os.getpid():
                self._cluster, self._session = _connect()
                self._owner_pid = os.getpid()
            return self._session

    def close(self) -> None:
        with self._lock:
            if self._cluster is not None and self._owner_pid == os.getpid():
                self._cluster.shutdown()
            self._cluster = self._session = None


_process_session = _ProcessSession()


def get_session() -> Session:
    """Return this process's Cassandra session (not bound to a keyspace: statements name their tables)."""
    return _process_session.get()


def close() -> None:
    """Shut this process's session down (tests, and before a process exits)."""
    _process_session.close()
