"""The feed service's Thrift server: pre-forked processes sharing one listening socket, a thread per connection.

Threads, because a pooled client keeps its connection open between calls and a server process serving one
connection at a time would be held by an idle one; several processes, because the GIL lets one process use
one core. A connection idle for IDLE_TIMEOUT seconds is closed (the client pools' max age stays below it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
from types import FrameType

from django.db import connections
from thrift.protocol.TBinaryProtocol import TBinaryProtocolAccelerated
from thrift.transport.TSocket import TSocket
from thrift.transport.TTransport import TBufferedTransport, TTransportException

from photogram.core.gc_tuning import settle_for_serving
from photogram.rpc.gen.feed import FeedService, ttypes
from photogram.rpc.handlers import FeedServiceHandler

logger = logging.getLogger(__name__)

IDLE_TIMEOUT = 60.0
BACKLOG = 128


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on host:port (port 0: one the system picks)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(BACKLOG)
    return listener


def serve(listener: socket.socket, processes: int) -> None:
    """Serve FeedService on `listener` in `processes` processes, until SIGTERM or SIGINT."""
    # Nothing connected crosses the fork: each child opens its own database and Cassandra connections.
    connections.close_all()
    settle_for_serving()
    if processes <= 1:
        _serve_forever(listener)
        return
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                _serve_forever(listener)
            finally:
                os._exit(1)
        children.append(pid)

    def stop(signum: int, frame: FrameType | None) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # One child gone means something is wrong: stop them all and let the supervisor restart the service.
    pid, status = os.wait()
    logger.error("feed service process %s exited (status %s); stopping the others", pid, status)
    stop(signal.SIGTERM, None)


def _serve_forever(listener: socket.socket) -> None:
    handler = FeedServiceHandler()
    # Connect to the store before the first request, which would otherwise wait for Cassandra's handshake.
    try:
        handler.health()
    except ttypes.FeedUnavailable as error:
        logger.warning("feed service starting with its store unavailable: %s", error.message)
    processor = FeedService.Processor(handler)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=_serve_connection, args=(connection, processor), daemon=True).start()


def _serve_connection(connection: socket.socket, processor: FeedService.Processor) -> None:
    connection.settimeout(IDLE_TIMEOUT)
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock = TSocket()
    sock.handle = connection
    transport = TBufferedTransport(sock)
    protocol = TBinaryProtocolAccelerated(transport)
    try:
        while True:
            processor.process(protocol, protocol)
    except TTransportException:
        pass  # the client closed the connection, or left it idle past IDLE_TIMEOUT
    except Exception:
        logger.exception("feed service connection failed")
    finally:
        transport.close()
        connections.close_all()
