"""Redis pub/sub (full profile): any process publishes, each streaming server's hub holds one connection.

A hub's connection is remade, with backoff, whenever it drops (Redis restarted, a network blip), and every
channel its sinks listen to is subscribed again: what was published meanwhile is lost, as pub/sub does,
and clients read their timelines for it as they do after their own reconnection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import redis
import redis.asyncio

from photogram.streaming.services.broker.base import Broker, Hub, Message

log = logging.getLogger(__name__)

# Waits between attempts to reach Redis again: from a blink to a couple of seconds.
RECONNECT_DELAYS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0)
# How long opening a stream waits for Redis to confirm its subscription before going on without.
SUBSCRIBE_WAIT = 2.0


class RedisHub(Hub):
    def __init__(self, prefix: str, url: str) -> None:
        super().__init__(prefix)
        self._url = url
        self._pubsub: Any = None  # redis.asyncio.client.PubSub while connected
        self._client: redis.asyncio.Redis | None = None
        self._reader: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._confirmed: dict[str, asyncio.Future[None]] = {}  # channels whose SUBSCRIBE Redis has not answered

    def _name(self, channel: str) -> str:
        return f"{self.prefix}:{channel}"

    async def _listen(self, channel: str) -> None:
        """Subscribe, and wait (briefly) for Redis to confirm: a client told its stream is open then gets
        every event published after that. With Redis away, the reconnection subscribes it."""
        self._start()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), SUBSCRIBE_WAIT)
        if self._pubsub is None or not self._connected.is_set():
            return
        name = self._name(channel)
        confirmed = self._confirmed.setdefault(name, asyncio.get_running_loop().create_future())
        with contextlib.suppress(redis.RedisError, OSError, TimeoutError):
            await self._pubsub.subscribe(name)
            await asyncio.wait_for(asyncio.shield(confirmed), SUBSCRIBE_WAIT)

    async def _unlisten(self, channel: str) -> None:
        if self._pubsub is not None and self._connected.is_set():
            with contextlib.suppress(redis.RedisError, OSError):
                await self._pubsub.unsubscribe(self._name(channel))

    def _start(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.get_running_loop().create_task(self._read_forever())

    async def wait_connected(self, timeout: float) -> None:
        """Wait until the hub is connected and subscribed (tests, and a server's readiness)."""
        self._start()
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def _read_forever(self) -> None:
        attempt = 0
        while True:
            try:
                await self._connect()
                attempt = 0
                await self._read()
            except (redis.RedisError, OSError) as error:
                if self._connected.is_set():
                    log.warning("Streaming lost Redis (%s); reconnecting", error)
                self._connected.clear()
                await self._disconnect()
                await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
                attempt += 1

    async def _connect(self) -> None:
        self._client = redis.asyncio.Redis.from_url(self._url, socket_connect_timeout=2, health_check_interval=10)
        self._pubsub = self._client.pubsub()
        # A placeholder channel keeps the connection in subscribed mode while no sink listens.
        await self._pubsub.subscribe(self._name("_hub"), *(self._name(channel) for channel in self.channels))
        self._connected.set()

    async def _read(self) -> None:
        start = len(self.prefix) + 1
        while True:
            message = await self._pubsub.get_message(timeout=30.0)
            if message is None:
                continue
            if message["type"] == "message":
                self.deliver(message["channel"][start:].decode(), message["data"])
            elif message["type"] == "subscribe":
                confirmed = self._confirmed.pop(message["channel"].decode(), None)
                if confirmed is not None and not confirmed.done():
                    confirmed.set_result(None)

    async def _disconnect(self) -> None:
        pubsub, client, self._pubsub, self._client = self._pubsub, self._client, None, None
        if pubsub is not None:
            with contextlib.suppress(redis.RedisError, OSError):
                await pubsub.aclose()
        if client is not None:
            with contextlib.suppress(redis.RedisError, OSError):
                await client.aclose()

    async def close(self) -> None:
        await super().close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        self._connected.clear()
        await self._disconnect()


class RedisBroker(Broker):
    def __init__(self, url: str, prefix: str = "photogram:streaming") -> None:
        super().__init__(prefix)
        self.url = url
        self._client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)

    def publish(self, channel: str, message: Message) -> None:
        try:
            self._client.publish(f"{self.prefix}:{channel}", self.encode(message))
        except (redis.RedisError, OSError) as error:
            log.warning("Streaming event on %s not published: %s", channel, error)

    def listening(self, channels: list[str]) -> list[str]:
        if not channels:
            return []
        try:
            counts = self._client.pubsub_numsub(*(f"{self.prefix}:{channel}" for channel in channels))
        except (redis.RedisError, OSError) as error:
            log.warning("Streaming could not ask Redis who listens: %s", error)
            return []
        return [channel for channel, (_, count) in zip(channels, counts, strict=True) if count]

    def _make_hub(self, loop: asyncio.AbstractEventLoop) -> Hub:
        return RedisHub(self.prefix, self.url)
