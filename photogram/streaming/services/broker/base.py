"""The broker interface: `publish` from any thread of any process, a `Hub` per event loop that serves.

Publishing is fire-and-forget, as in Mastodon: a streaming event is a nudge to a connected client, whose
timeline reads stay the truth, so nothing is queued for a client that is not connected, and a broker that
is down loses events rather than failing the write that published them.

A hub multiplexes: however many connections of a server listen to a channel, the hub subscribes to it once,
decodes each message once, and hands it to every connection's sink.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

import orjson

Message = dict[str, Any]
# Called in the hub's event loop for each message of a channel the sink listens to; must not block.
Sink = Callable[[str, Message], None]

log = logging.getLogger(__name__)


class Hub(ABC):
    """One event loop's subscriptions: channel names to the sinks listening to them."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._sinks: dict[str, set[Sink]] = {}

    @property
    def channels(self) -> list[str]:
        """Return the channels some sink listens to."""
        return list(self._sinks)

    async def subscribe(self, channel: str, sink: Sink) -> None:
        """Start handing `sink` the messages of `channel`."""
        sinks = self._sinks.setdefault(channel, set())
        first = not sinks
        sinks.add(sink)
        if first:
            await self._listen(channel)

    async def unsubscribe(self, channel: str, sink: Sink) -> None:
        """Stop handing `sink` the messages of `channel` (nothing if it was not listening)."""
        sinks = self._sinks.get(channel)
        if sinks is None or sink not in sinks:
            return
        sinks.discard(sink)
        if not sinks:
            del self._sinks[channel]
            await self._unlisten(channel)

    def deliver(self, channel: str, data: bytes) -> None:
        """Decode one message of `channel` and hand it to each of its sinks."""
        sinks = self._sinks.get(channel)
        if not sinks:
            return
        try:
            message: Message = orjson.loads(data)
        except orjson.JSONDecodeError:
            log.warning("Dropped a streaming message that is not JSON on %s", channel)
            return
        for sink in list(sinks):
            sink(channel, message)

    @abstractmethod
    async def _listen(self, channel: str) -> None: ...

    @abstractmethod
    async def _unlisten(self, channel: str) -> None: ...

    async def close(self) -> None:
        """Stop listening to everything."""
        self._sinks.clear()


class Broker(ABC):
    """Where streaming events are published, and each serving event loop's hub comes from."""

    def __init__(self, prefix: str = "photogram:streaming") -> None:
        self.prefix = prefix
        self._hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
        self._lock = threading.Lock()  # publishing threads read the hubs while a loop may add its own

    @abstractmethod
    def publish(self, channel: str, message: Message) -> None:
        """Send `message` to whoever listens to `channel` now; never raise for a broker that is down."""

    @abstractmethod
    def listening(self, channels: list[str]) -> list[str]:
        """Return those of `channels` some stream listens to now (so an event nobody would read is not made)."""

    def hub(self) -> Hub:
        """Return the running event loop's hub, made on first use."""
        loop = asyncio.get_running_loop()
        with self._lock:
            hub = self._hubs.get(loop)
            if hub is None:
                hub = self._hubs[loop] = self._make_hub(loop)
            return hub

    def hubs(self) -> list[Hub]:
        """Return the hubs of this process's serving loops."""
        with self._lock:
            return list(self._hubs.values())

    async def close_hub(self) -> None:
        """Close the running event loop's hub, if it has one."""
        with self._lock:
            hub = self._hubs.pop(asyncio.get_running_loop(), None)
        if hub is not None:
            await hub.close()

    @abstractmethod
    def _make_hub(self, loop: asyncio.AbstractEventLoop) -> Hub: ...

    @staticmethod
    def encode(message: Message) -> bytes:
        return orjson.dumps(message)
