"""The list tests read list feeds through the whole feed path, as the home-feed tests do."""

from tests.feeds.conftest import feed_service_port, feed_stack, outbox_relay_process

__all__ = ["feed_service_port", "feed_stack", "outbox_relay_process"]
