"""The Thrift FeedService for real: a server process on 127.0.0.1:0, read by a client in another process,
and the connection pool's rules checked against it (full profile, where the service runs on its own)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from photogram.core.ids.generator import IdGenerator
from photogram.core.window import CursorWindow
from photogram.feeds.stores import FeedItem, feeds
from photogram.rpc.client import FeedServiceUnavailable, InvalidFeedRequest, ThriftFeedService
from photogram.rpc.gen.feed import FeedService, ttypes
from photogram.rpc.handlers import MAX_PAGE, FeedServiceHandler
from photogram.rpc.pool import ClientPool, ServiceUnavailable
from tests.conftest import REPO_ROOT
from tests.support.eventually import soon
from tests.support.feed_path import start_feed_service, stop

_ids = IdGenerator()

CLIENT_SCRIPT = """
import json, sys
import django
django.setup()
from photogram.core.window import CursorWindow
from photogram.rpc.client import ThriftFeedService
service = ThriftFeedService(host="127.0.0.1", port=int(sys.argv[1]), timeout=5.0)
page = service.read(int(sys.argv[2]), CursorWindow())
print(json.dumps([service.health(), [[item.status_id, item.author_id] for item in page]]))
"""


@pytest.fixture
def server_port() -> Iterator[int]:
    process, port = start_feed_service()
    try:
        yield port
    finally:
        stop(process)


@pytest.mark.full_only
@pytest.mark.django_db(transaction=True)
def test_a_client_in_another_process_reads_a_feed_from_a_running_service(server_port: int) -> None:
    reader = _ids.next_id()
    feeds.default.insert_many(reader, [FeedItem(11, 1), FeedItem(12, 2)])
    expected: object = ["ok", [[12, 2], [11, 1]]]

    def read_from_another_process() -> object:
        output = subprocess.run(
            [sys.executable, "-c", CLIENT_SCRIPT, str(server_port), str(reader)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "photogram.settings"},
        ).stdout
        return json.loads(output)

    assert soon(read_from_another_process, expected, timeout=20) == expected


@pytest.mark.full_only
@pytest.mark.django_db(transaction=True)
def test_writes_and_refusals_through_the_service(server_port: int) -> None:
    service = ThriftFeedService(host="127.0.0.1", port=server_port, timeout=5.0)
    readers = [_ids.next_id() for _ in range(3)]
    service.insert(readers, FeedItem(21, 7))
    service.insert(readers, FeedItem(22, 8))
    assert [item.status_id for item in service.read(readers[0], CursorWindow())] == [22, 21]
    service.remove(readers, 22)
    service.remove_author(readers[1], 7)
    nothing: list[int] = []
    assert [item.status_id for item in service.read(readers[1], CursorWindow())] == nothing
    assert [item.status_id for item in service.read(readers[2], CursorWindow())] == [21]
    with pytest.raises(InvalidFeedRequest, match="limit"):
        service.read(readers[0], CursorWindow(limit=MAX_PAGE + 1))
    with pytest.raises(InvalidFeedRequest, match="non-negative"):
        service.read(-1, CursorWindow())
    with pytest.raises(InvalidFeedRequest, match="non-negative"):
        service.read(readers[0], CursorWindow(since_id=-5))
    # A declared error leaves the connection in step: it goes back to the pool and serves the next call.
    assert len(service.pool._idle) == 1
    assert service.health() == "ok"
    service.pool.close()


@pytest.mark.full_only
@pytest.mark.django_db(transaction=True)
def test_the_pool_is_lifo_recycles_by_age_and_closes_on_errors() -> None:
    process, port = start_feed_service()
    try:
        pool: ClientPool[FeedService.Client] = ClientPool(FeedService.Client, "127.0.0.1", port, timeout=5.0)
        with pool.client() as first, pool.client() as second:
            assert first is not second
            assert first.health() == second.health() == "ok"
        # Returned first then second: the next lease is the last returned.
        with pool.client() as again:
            assert again is first
        aged: ClientPool[FeedService.Client] = ClientPool(FeedService.Client, "127.0.0.1", port, max_age=0.0)
        with aged.client() as once:
            once.health()
        assert aged._idle == []
    finally:
        stop(process)
    # The server is gone: each call fails as unavailable, and the broken connection it used is not kept.
    for idle_left in (1, 0):
        with pytest.raises(ServiceUnavailable, match=f"127.0.0.1:{port}"), pool.client() as client:
            client.health()
        assert len(pool._idle) == idle_left


def test_a_silent_server_times_out_at_the_deadline() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        pool: ClientPool[FeedService.Client] = ClientPool(FeedService.Client, "127.0.0.1", port, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable, match="did not answer"), pool.client() as client:
            client.health()
        assert time.monotonic() - started < 2
        assert pool._idle == []


def test_nobody_listening_is_unavailable_at_once() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    service = ThriftFeedService(host="127.0.0.1", port=port, timeout=1.0)
    with pytest.raises(FeedServiceUnavailable, match="did not answer"):
        service.health()


def test_a_query_no_window_can_hold_is_refused_at_the_edge() -> None:
    # Other clients may send any i32: the handler refuses it before it becomes a CursorWindow (which raises).
    handler = FeedServiceHandler(request_hook=lambda: None)
    for limit in (0, -1, MAX_PAGE + 1):
        with pytest.raises(ttypes.InvalidRequest, match="limit"):
            handler.read(1, ttypes.FeedQuery(limit=limit))
