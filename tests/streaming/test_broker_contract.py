"""The contract every streaming broker keeps, run against each backend (Redis on the full profile only)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from django.conf import settings

from photogram.streaming.services.broker import Broker, Message
from photogram.streaming.services.broker.local import LocalBroker
from photogram.streaming.services.broker.redis import RedisBroker, RedisHub

# Redis runs on the full profile: deselected on embedded, like the other contract suites' real engines.
BACKENDS = ["local", pytest.param("redis", marks=pytest.mark.full_only)]


def make_broker(backend: str) -> Broker:
    prefix = f"tests:{uuid.uuid4().hex}"
    if backend == "redis":
        return RedisBroker(url=settings.REDIS_URL, prefix=prefix)
    return LocalBroker(prefix=prefix)


class Inbox:
    """A sink that records what it is handed, and lets a test wait for a count."""

    def __init__(self) -> None:
        self.received: list[tuple[str, Message]] = []
        self._changed = asyncio.Event()

    def __call__(self, channel: str, message: Message) -> None:
        self.received.append((channel, message))
        self._changed.set()

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[tuple[str, Message]]:
        async def enough() -> None:
            while len(self.received) < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(enough(), timeout)
        return self.received


async def _ready(broker: Broker) -> None:
    hub = broker.hub()
    if isinstance(hub, RedisHub):
        await hub.wait_connected(5.0)


def publish_from_thread(broker: Broker, channel: str, message: Message) -> None:
    """Publish as request and task threads do: from another thread than the serving loop's."""
    thread = threading.Thread(target=broker.publish, args=(channel, message))
    thread.start()
    thread.join()


def run(backend: str, scenario: Callable[[Broker], Awaitable[Any]]) -> Any:
    broker = make_broker(backend)

    async def main() -> Any:
        try:
            return await scenario(broker)
        finally:
            await broker.close_hub()

    return asyncio.run(main())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_subscriber_gets_what_is_published_on_its_channel_only(backend: str) -> None:
    async def scenario(broker: Broker) -> None:
        inbox = Inbox()
        hub = broker.hub()
        await hub.subscribe("user:1", inbox)
        await _ready(broker)
        await asyncio.to_thread(broker.publish, "user:2", {"event": "update", "payload": "elsewhere"})
        await asyncio.to_thread(broker.publish, "user:1", {"event": "update", "payload": "here"})
        received = await inbox.wait_for(1)
        await asyncio.sleep(0.1)
        assert received == [("user:1", {"event": "update", "payload": "here"})]

    run(backend, scenario)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_subscriber_of_a_channel_gets_each_message_in_order(backend: str) -> None:
    async def scenario(broker: Broker) -> None:
        inboxes = [Inbox() for _ in range(3)]
        hub = broker.hub()
        for inbox in inboxes:
            await hub.subscribe("public", inbox)
        await _ready(broker)
        for number in range(5):
            await asyncio.to_thread(publish_from_thread, broker, "public", {"event": "delete", "payload": str(number)})
        for inbox in inboxes:
            received = await inbox.wait_for(5)
            assert [message["payload"] for _, message in received] == ["0", "1", "2", "3", "4"]

    run(backend, scenario)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unsubscribed_sink_gets_nothing_more(backend: str) -> None:
    async def scenario(broker: Broker) -> None:
        leaving, staying = Inbox(), Inbox()
        hub = broker.hub()
        await hub.subscribe("list:5", leaving)
        await hub.subscribe("list:5", staying)
        await _ready(broker)
        await hub.unsubscribe("list:5", leaving)
        await hub.unsubscribe("list:5", leaving)  # twice: nothing happens
        await asyncio.to_thread(broker.publish, "list:5", {"event": "update"})
        await staying.wait_for(1)
        await hub.unsubscribe("list:5", staying)
        assert hub.channels == []
        await asyncio.to_thread(broker.publish, "list:5", {"event": "update"})
        await asyncio.sleep(0.2)
        assert leaving.received == []
        assert len(staying.received) == 1

    run(backend, scenario)


@pytest.mark.parametrize("backend", BACKENDS)
def test_publishing_to_a_channel_nobody_listens_to_is_fine(backend: str) -> None:
    broker = make_broker(backend)
    broker.publish("user:404", {"event": "update"})


@pytest.mark.parametrize("backend", BACKENDS)
def test_brokers_with_other_prefixes_do_not_hear_each_other(backend: str) -> None:
    other = make_broker(backend)

    async def scenario(broker: Broker) -> None:
        inbox = Inbox()
        await broker.hub().subscribe("public", inbox)
        await _ready(broker)
        await asyncio.to_thread(other.publish, "public", {"event": "update", "payload": "other instance"})
        await asyncio.to_thread(broker.publish, "public", {"event": "update", "payload": "ours"})
        received = await inbox.wait_for(1)
        await asyncio.sleep(0.1)
        assert [message["payload"] for _, message in received] == ["ours"]

    run(backend, scenario)


def test_a_redis_broker_that_cannot_reach_redis_drops_the_event_without_failing_the_caller() -> None:
    from tests.support.rabbitmq import free_port

    RedisBroker(url=f"redis://127.0.0.1:{free_port()}/0").publish("user:1", {"event": "update"})


@pytest.mark.parametrize("backend", BACKENDS)
def test_listening_names_the_channels_some_sink_listens_to(backend: str) -> None:
    async def scenario(broker: Broker) -> None:
        hub = broker.hub()
        inbox = Inbox()
        await hub.subscribe("user:1", inbox)
        await hub.subscribe("public", inbox)
        await _ready(broker)
        assert await asyncio.to_thread(broker.listening, ["user:2", "public", "user:1"]) == ["public", "user:1"]
        await hub.unsubscribe("public", inbox)
        assert await asyncio.to_thread(broker.listening, ["public", "user:1"]) == ["user:1"]
        assert await asyncio.to_thread(broker.listening, []) == []

    run(backend, scenario)
