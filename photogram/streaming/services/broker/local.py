"""The in-process broker (embedded profile): the publishing code and the streaming server share a process.

`publish` is called from request and task threads; each hub's loop is handed the message thread-safely.
"""

from __future__ import annotations

import asyncio

from photogram.streaming.services.broker.base import Broker, Hub, Message


class LocalHub(Hub):
    def __init__(self, prefix: str, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(prefix)
        self.loop = loop

    async def _listen(self, channel: str) -> None:
        """Nothing to do: `LocalBroker.publish` hands every hub each message."""

    async def _unlisten(self, channel: str) -> None:
        """Nothing to do, as for `_listen`."""


class LocalBroker(Broker):
    def publish(self, channel: str, message: Message) -> None:
        data = self.encode(message)
        for hub in self.hubs():
            if not isinstance(hub, LocalHub) or hub.loop.is_closed():
                continue
            try:
                hub.loop.call_soon_threadsafe(hub.deliver, channel, data)
            except RuntimeError:
                continue  # the loop closed meanwhile: its server has stopped

    def listening(self, channels: list[str]) -> list[str]:
        heard: set[str] = set()
        for hub in self.hubs():
            while True:
                try:  # the hub's loop may subscribe meanwhile: read its channels again then
                    heard.update(hub.channels)
                    break
                except RuntimeError:
                    continue
        return [channel for channel in channels if channel in heard]

    def _make_hub(self, loop: asyncio.AbstractEventLoop) -> Hub:
        return LocalHub(self.prefix, loop)
