"""A pool of Thrift client connections: LIFO, connected lazily, recycled by age, closed on any error.

    pool = ClientPool(FeedService.Client, "127.0.0.1", 19090, timeout=1.0)
    with pool.client() as client:
        client.health()

Why each rule:
- LIFO: the connection used last is the one most likely still open; the others age out unused.
- Lazy: a process that forks (granian, Celery) makes no connection before it; each child makes its own.
- Max age below the server's idle timeout: the pool never hands out a connection the server is closing.
- Closed on any transport, protocol or application error, or a timeout: a connection that gave up waiting
  may still receive the previous call's reply, which the next call would read as its own.
- A deadline on every call: connecting, and each send and receive of the call, wait at most `timeout`.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from thrift.protocol.TBinaryProtocol import TBinaryProtocolAccelerated
from thrift.protocol.TProtocol import TProtocolException
from thrift.Thrift import TApplicationException, TException
from thrift.transport.TSocket import TSocket
from thrift.transport.TTransport import TBufferedTransport, TTransportException

C = TypeVar("C")

# Errors after which the service counts as unreachable: transport (refused, reset, timed out), a reply that
# does not parse, or a server-side failure outside the IDL.
FAILURES = (TTransportException, TProtocolException, TApplicationException)


class ServiceUnavailable(Exception):
    """The service could not be reached or did not answer in time; the message says which and where."""


@dataclass
class _Connection(Generic[C]):
    transport: TBufferedTransport
    socket: TSocket
    client: C
    opened_at: float

    def close(self) -> None:
        self.transport.close()


class ClientPool(Generic[C]):
    """Lend Thrift clients of one service at one address, `size` idle connections kept at most."""

    def __init__(
        self,
        client_class: Callable[[Any], C],
        host: str,
        port: int,
        *,
        timeout: float = 1.0,
        size: int = 8,
        max_age: float = 50.0,
    ) -> None:
        self.client_class = client_class
        self.host = host
        self.port = port
        self.timeout = timeout
        self.size = size
        self.max_age = max_age
        self._idle: list[_Connection[C]] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    @contextmanager
    def client(self, timeout: float | None = None) -> Iterator[C]:
        """Lend a client for one call (or a few), all within `timeout` seconds (default: the pool's)."""
        deadline = timeout if timeout is not None else self.timeout
        connection = self._take()
        try:
            if connection is None:
                connection = self._open(deadline)
            else:
                connection.socket.setTimeout(deadline * 1000)
            yield connection.client
        except BaseException as error:
            # A declared IDL exception arrives whole and leaves the connection in step; nothing else does.
            declared = isinstance(error, TException) and not isinstance(error, FAILURES)
            if connection is not None and not declared:
                connection.close()
                connection = None
            if isinstance(error, (OSError, *FAILURES)):
                raise ServiceUnavailable(self._describe(error)) from error
            raise
        finally:
            if connection is not None:
                self._give_back(connection)

    def close(self) -> None:
        """Close every idle connection (a forked child, tests)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def _take(self) -> _Connection[C] | None:
        now = time.monotonic()
        with self._lock:
            if self._pid != os.getpid():
                # A forked child: the sockets are its parent's, to be neither used nor closed here.
                self._idle, self._pid = [], os.getpid()
            while self._idle:
                connection = self._idle.pop()
                if now - connection.opened_at < self.max_age:
                    return connection
                connection.close()
        return None

    def _give_back(self, connection: _Connection[C]) -> None:
        with self._lock:
            if len(self._idle) < self.size and time.monotonic() - connection.opened_at < self.max_age:
                self._idle.append(connection)
                return
        connection.close()

    def _open(self, timeout: float) -> _Connection[C]:
        sock = TSocket(self.host, self.port, socket_family=socket.AF_INET)
        sock.setTimeout(timeout * 1000)
        transport = TBufferedTransport(sock)
        transport.open()
        client = self.client_class(TBinaryProtocolAccelerated(transport))
        return _Connection(transport, sock, client, time.monotonic())

    def _describe(self, error: BaseException) -> str:
        return f"the service at {self.host}:{self.port} did not answer: {type(error).__name__}: {error}"
