"""One open stream connection: its reader, its subscriptions, and the bounded buffer between the hub and
the client.

The hub hands every message to `offer` in the event loop; what the reader may see and a subscription keeps
goes into the buffer, which the transport (SSE or WebSocket) drains with `next`. A client that does not
read lets the buffer fill up: the connection is then closed, rather than let a slow reader's backlog grow
without bound (it reconnects and reads its timeline, as after any disconnection).

Most streams are idle most of the time, and one server holds thousands: an idle connection holds no buffer
and no task of its own (the transport's task waits on one future, which `offer` and `close` resolve), so
that its memory is little beyond what the ASGI server keeps per socket (docs/performance.md, Streaming).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections as db_connections

from photogram.streaming.services import channels, events, readers
from photogram.streaming.services.broker import Hub, Message
from photogram.streaming.services.readers import Reader
from photogram.streaming.services.streams import Stream

log = logging.getLogger(__name__)


def _fresh(function: Any) -> Any:
    """Run a synchronous database read off the event loop, on a connection of its own that it closes.

    The reads are few (a connection opening, a reader's relations changing), and a connection left open in
    a pool thread would outlive the server's shutdown.
    """

    def call(*args: Any) -> Any:
        try:
            return function(*args)
        finally:
            db_connections.close_all()

    return sync_to_async(call, thread_sensitive=False)


authenticate = _fresh(readers.authenticate)
authenticate_session = _fresh(readers.authenticate_session)
load_relations = _fresh(readers.load_relations)
owns_list = _fresh(readers.owns_list)


class TooManySubscriptions(Exception):
    """A connection asked for more streams than one connection may hold."""


class Closed(Exception):
    """The connection was closed (its reason is `Connection.close_reason`)."""


class Connection:
    __slots__ = (
        "_buffer",
        "_own",
        "_reloading",
        "_waiter",
        "close_reason",
        "hub",
        "reader",
        "streams",
        "writing",
    )

    def __init__(self, reader: Reader, hub: Hub) -> None:
        self.reader = reader
        self.hub = hub
        self.streams: dict[str, list[Stream]] = {}
        self.close_reason = ""  # empty while open
        self._buffer: deque[tuple[Stream, Message]] | None = None  # made for the first event
        self._waiter: asyncio.Future[None] | None = None  # the transport waiting in `next`
        # The deadline of the write to the client under way, if any: closing the connection brings it forward.
        self.writing: asyncio.Timeout | None = None
        self._own = (channels.user(reader.user_id), reader.revocation)
        self._reloading: asyncio.Task[None] | None = None

    @property
    def closed(self) -> bool:
        return bool(self.close_reason)

    async def open(self) -> None:
        """Listen to the reader's own channels: relation changes and revocation arrive there."""
        for channel in self._own:
            await self.hub.subscribe(channel, self.offer)

    async def add(self, stream: Stream) -> None:
        """Subscribe to `stream` (again: nothing); raise TooManySubscriptions past the limit."""
        held = self.streams.setdefault(stream.channel, [])
        if any(each.same_as(stream) for each in held):
            return
        if sum(len(each) for each in self.streams.values()) >= settings.STREAMING_LIMITS["max_subscriptions"]:
            if not held:
                del self.streams[stream.channel]
            raise TooManySubscriptions
        held.append(stream)
        await self.hub.subscribe(stream.channel, self.offer)

    async def remove(self, stream: Stream) -> None:
        held = [each for each in self.streams.get(stream.channel, []) if not each.same_as(stream)]
        self.streams[stream.channel] = held
        if not held:
            self.streams.pop(stream.channel, None)
            if stream.channel not in self._own:
                await self.hub.unsubscribe(stream.channel, self.offer)

    def offer(self, channel: str, message: Message) -> None:
        """Take one message from the hub (in the event loop; never blocks)."""
        if self.closed:
            return
        kind = message.get("event")
        if kind == events.KILL:
            self.close("The access token was revoked")
            return
        if kind == events.RELATIONS:
            self._reloading = asyncio.get_running_loop().create_task(self._reload())
            return
        for stream in self.streams.get(channel, ()):
            if stream.keeps(message) and self.reader.admits(message, unasked=stream.unasked):
                if self._buffer is None:
                    self._buffer = deque()
                if len(self._buffer) >= settings.STREAMING_LIMITS["buffer_events"]:
                    self.close("The client does not read its stream")
                    return
                self._buffer.append((stream, message))
                self._wake()

    async def next(self, timeout: float) -> tuple[Stream, Message] | None:
        """Return the next event for the client, or None after `timeout` seconds without one; raise Closed."""
        while not self._buffer:  # closing empties it
            if self.closed:
                raise Closed
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                async with asyncio.timeout(timeout):
                    await self._waiter
            except TimeoutError:
                return None
            finally:
                self._waiter = None
        return self._buffer.popleft()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def _reload(self) -> None:
        try:
            self.reader.relations = await load_relations(self.reader.user_id)
        except Exception:
            log.exception("Streaming could not reload a reader's relations; closing their stream")
            self.close("Relations could not be read")

    def check_token(self) -> None:
        """Close the connection once its token has expired (a revoked one closes it at once: `KILL`)."""
        if self.reader.expired():
            self.close("The access token has expired")

    def close(self, reason: str) -> None:
        if self.close_reason:
            return
        self.close_reason = reason
        self._buffer = None
        self._wake()
        if self.writing is not None:
            self.writing.reschedule(-1)  # a write stuck on the client ends now, as if it had timed out

    async def release(self) -> None:
        """Unsubscribe from everything (when the transport ends)."""
        self.close("closed")
        for channel in [*self.streams, *self._own]:
            await self.hub.unsubscribe(channel, self.offer)
        self.streams.clear()
        if self._reloading is not None:
            self._reloading.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reloading
