"""The streaming server (bin/streaming, a process of its own) and Redis each killed in turn while clients are
connected: clients reconnect, the events published after that reach them, and every notification made
meanwhile (while a stream could not carry it) is in the REST API's list."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings as django_settings

from photogram.accounts.models import User
from photogram.notifications.services import causes, creation
from photogram.streaming.services import publish
from tests.conftest import REPO_ROOT
from tests.support.api import ApiClient, make_token, make_user
from tests.support.rabbitmq import free_port
from tests.support.redis import PrivateRedis

pytestmark = [pytest.mark.full_only, pytest.mark.django_db(transaction=True)]


class ReconnectingReader:
    """An SSE client that reconnects whenever its stream ends or fails, as Mastodon clients do."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.payloads: queue.Queue[str] = queue.Queue()
        self.connections = 0
        self._stopped = threading.Event()
        self._response: requests.Response | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                with requests.get(
                    f"{self.url}/api/v1/streaming/user",
                    headers={"Authorization": f"Bearer {self.token}"},
                    stream=True,
                    timeout=(2, 30),
                ) as response:
                    if response.status_code != 200:
                        raise requests.ConnectionError(str(response.status_code))
                    self._response = response
                    self.connections += 1
                    for raw in response.iter_lines(chunk_size=1, decode_unicode=True):
                        line = raw.decode() if isinstance(raw, bytes) else raw
                        if line and line.startswith("data: "):
                            self.payloads.put(line[len("data: ") :])
            except (requests.RequestException, OSError, AttributeError):
                pass
            self._stopped.wait(0.2)

    def close(self) -> None:
        self._stopped.set()
        if self._response is not None:
            self._response.close()
        self._thread.join(timeout=35)


def start_streaming_server(port: int, redis_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PHOTOGRAM_STREAMING_PORT": str(port),
        "PHOTOGRAM_REDIS_URL": redis_url,
        "PHOTOGRAM_POSTGRES_DB": django_settings.DATABASES["default"]["NAME"],
    }
    # A session of its own: killing the group takes granian's workers down with it, as a crash of the host would.
    process = subprocess.Popen([str(REPO_ROOT / "bin" / "streaming")], cwd=REPO_ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/streaming/health", timeout=1).text == "OK":
                return process
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    process.wait()
    pytest.fail("bin/streaming did not answer its health check within 30 s")


def stop_streaming_server(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def follower_notifies(user: User) -> str:
    """Have a new account follow-notify `user` as the notify task does (publishing to this test's Redis);
    return the notification's id."""
    follower = make_user(f"fan{uuid.uuid4().hex[:12]}", with_password=False)
    entry = creation.notify(user.pk, causes.FOLLOW, follower.pk)
    assert entry is not None
    return str(entry.id)


def streamed(reader: ReconnectingReader, marker: str, *, within: float = 10.0) -> bool:
    """Wait for a payload holding `marker` on the reader's stream."""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        try:
            if marker in reader.payloads.get(timeout=left):
                return True
        except queue.Empty:
            return False
    return False


def arrives(reader: ReconnectingReader, user: User, *, within: float = 30.0) -> bool:
    """Publish fresh events to the reader until one arrives: those published while it was away are lost."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        marker = uuid.uuid4().hex
        publish.to_user(user.pk, "notification", f'{{"id":"{marker}"}}')
        try:
            while True:
                if marker in reader.payloads.get(timeout=0.3):
                    return True
        except queue.Empty:
            continue
    return False


@pytest.fixture
def redis_node(tmp_path: Path) -> Iterator[PrivateRedis]:
    node = PrivateRedis(tmp_path / "redis")
    node.up()
    try:
        yield node
    finally:
        node.stop()


def test_clients_reconnect_after_the_server_and_then_redis_are_killed(redis_node: PrivateRedis, settings: Any) -> None:
    entry = settings.STREAMING["default"]
    settings.STREAMING = {"default": {**entry, "OPTIONS": {**entry["OPTIONS"], "url": redis_node.url}}}
    user = make_user("reader", with_password=False)
    port = free_port()
    server = start_streaming_server(port, redis_node.url)
    readers = [ReconnectingReader(f"http://127.0.0.1:{port}", make_token(user, "read")) for _ in range(3)]
    made: list[str] = []
    try:
        assert all(arrives(reader, user) for reader in readers)
        made.append(follower_notifies(user))
        assert all(streamed(reader, made[-1]) for reader in readers)

        stop_streaming_server(server, signal.SIGKILL)  # no goodbye: the clients see their connections drop
        made.append(follower_notifies(user))  # no stream is open to carry it
        server = start_streaming_server(port, redis_node.url)
        assert all(arrives(reader, user) for reader in readers)
        assert all(reader.connections >= 2 for reader in readers)

        redis_node.stop()
        made.append(follower_notifies(user))  # the broker is gone: it is kept all the same
        time.sleep(0.5)
        redis_node.up()
        # The server's hub reconnects to Redis and subscribes again; the clients' streams never closed.
        assert all(arrives(reader, user) for reader in readers)
        made.append(follower_notifies(user))
        assert all(streamed(reader, made[-1]) for reader in readers)
    finally:
        for reader in readers:
            reader.close()
        stop_streaming_server(server)
    listed = ApiClient(make_token(user, "read")).get("/api/v1/notifications")
    assert [item["id"] for item in listed.json()] == made[::-1]
