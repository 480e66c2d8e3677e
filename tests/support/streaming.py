"""The streaming API served for real in tests: uvicorn in a thread of the test process (so the in-process
broker of the embedded profile reaches it), and small SSE and WebSocket clients."""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests
import uvicorn

from photogram.streaming.app import StreamingApp
from tests.support.rabbitmq import free_port


@contextmanager
def serving(app: Any = None) -> Iterator[str]:
    """Serve `app` (the streaming app by default) on a free port in a thread; yield its http:// URL."""
    port = free_port()
    config = uvicorn.Config(
        app or StreamingApp(), host="127.0.0.1", port=port, lifespan="on", ws="websockets-sansio", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="streaming-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the streaming server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class SseEvent:
    event: str
    data: str


@dataclass
class SseClient:
    """Reads one server-sent events response in a thread; `next` waits for the next event."""

    response: requests.Response
    events: queue.Queue[SseEvent | None] = field(default_factory=queue.Queue)
    comments: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Event streams are UTF-8 whatever the content type says (requests would guess ISO-8859-1 for text/*).
        self.response.encoding = "utf-8"
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        name, data = "", []
        try:
            for raw in self.response.iter_lines(chunk_size=1, decode_unicode=True):
                line = raw.decode() if isinstance(raw, bytes) else raw or ""
                if line.startswith(":"):
                    self.comments.append(line[1:])
                elif line.startswith("event: "):
                    name = line[len("event: ") :]
                elif line.startswith("data: "):
                    data.append(line[len("data: ") :])
                elif line == "" and name:
                    self.events.put(SseEvent(name, "\n".join(data)))
                    name, data = "", []
        except (requests.RequestException, OSError, AttributeError):
            pass
        self.events.put(None)  # the stream ended

    def next(self, timeout: float = 5.0) -> SseEvent | None:
        return self.events.get(timeout=timeout)

    def nothing_within(self, seconds: float) -> bool:
        try:
            self.events.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def close(self) -> None:
        # Shut the socket down under the reading thread, which a plain close() would leave blocked.
        with contextlib.suppress(AttributeError, OSError):
            self.response.raw._fp.fp.raw._sock.shutdown(socket.SHUT_RDWR)
        self.response.close()
        self._thread.join(timeout=5)


@contextmanager
def sse(url: str, path: str, token: str | None, **params: str) -> Iterator[SseClient]:
    """Open the stream at `path` with `token` as a bearer token; fail unless it answers 200."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.get(f"{url}{path}", headers=headers, params=params, stream=True, timeout=10)
    assert response.status_code == 200, (response.status_code, response.text)
    client = SseClient(response)
    try:
        yield client
    finally:
        client.close()


def ws_url(url: str) -> str:
    return "ws" + url.removeprefix("http") + "/api/v1/streaming"
