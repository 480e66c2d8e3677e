"""The broker that carries streaming events from the code that publishes them to the streaming servers.

STREAMING = {"default": {"BACKEND": "photogram.streaming.services.broker.redis.RedisBroker", "OPTIONS": {...}}}
"""

from __future__ import annotations

from photogram.core.backends import BackendHandler
from photogram.streaming.services.broker.base import Broker, Hub, Message, Sink

brokers: BackendHandler[Broker] = BackendHandler("STREAMING", Broker)

__all__ = ["Broker", "Hub", "Message", "Sink", "brokers"]
