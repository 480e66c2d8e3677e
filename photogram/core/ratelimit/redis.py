"""The Redis rate-limit store of the full profile, shared by every process and host."""

from __future__ import annotations

import os
import threading

import redis
from redis.commands.core import Script

from photogram.core.ratelimit.store import RateLimitStore

# Fail fast: a rate limit sits on the request path.
SOCKET_TIMEOUT = 2.0

# One hash per key, {start, hits}, expiring when its window ends. Starting a window and counting in it is one
# atomic step; a window started by a host whose clock runs ahead is kept rather than undone.
# KEYS: the counter. ARGV: window start, window end, cost. Returns {window start, hits}.
_ADD = """
local start = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'start'))
if current == nil or current < start then
  redis.call('HSET', KEYS[1], 'start', start, 'hits', 0)
  redis.call('EXPIREAT', KEYS[1], ARGV[2])
  current = start
end
return {current, redis.call('HINCRBY', KEYS[1], 'hits', ARGV[3])}
"""


class RedisRateLimitStore(RateLimitStore):
    """Count in Redis with a Lua script, so concurrent hits from any number of processes add up exactly."""

    def __init__(self, url: str, key_prefix: str = "photogram:ratelimit") -> None:
        self.url = url
        self.key_prefix = key_prefix
        self._lock = threading.Lock()
        self._pid = 0
        self._client: redis.Redis | None = None
        self._add_script: Script | None = None

    def _add(self, key: str, window_start: int, window_seconds: int, cost: int) -> tuple[int, int]:
        client, add_script = self._connection()
        start, hits = add_script(
            keys=[self._redis_key(key)], args=[window_start, window_start + window_seconds, cost], client=client
        )
        return int(start), int(hits)

    def _count(self, key: str, window_start: int) -> tuple[int, int]:
        client, _ = self._connection()
        start, hits = client.hmget(self._redis_key(key), ["start", "hits"])
        if start is None or hits is None or int(start) < window_start:
            return window_start, 0
        return int(start), int(hits)

    def _forget(self, key: str) -> None:
        client, _ = self._connection()
        client.delete(self._redis_key(key))

    def _redis_key(self, key: str) -> str:
        return f"{self.key_prefix}:{key}"

    def _connection(self) -> tuple[redis.Redis, Script]:
        """Return this process's client, made on first use: a forked worker must not share its parent's sockets."""
        with self._lock:
            if self._client is None or self._add_script is None or self._pid != os.getpid():
                self._client = redis.Redis.from_url(
                    self.url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT
                )
                self._add_script = self._client.register_script(_ADD)
                self._pid = os.getpid()
            return self._client, self._add_script
