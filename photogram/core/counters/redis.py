"""The Redis counter store of the full profile, shared by every web and worker process."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping, Sequence

import orjson
import redis
from redis.commands.core import Script

from photogram.core.counters.store import CounterStore, CountSnapshot

SOCKET_TIMEOUT = 2.0

# One string per key: "<version> <counts as JSON>". Comparing and replacing is one atomic step, so of any
# number of concurrent offers the highest version is what stays. KEYS: the keys. ARGV: ttl, then one
# (version, payload) pair per key.
_OFFER = """
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local version = tonumber(ARGV[2 * i])
  local current = redis.call('GET', key)
  local keep = false
  if current then
    local stored = tonumber(string.match(current, '^(%d+)'))
    keep = stored ~= nil and stored >= version
  end
  if not keep then
    redis.call('SET', key, ARGV[2 * i] .. ' ' .. ARGV[2 * i + 1], 'EX', ttl)
  end
end
return 0
"""


class RedisCounterStore(CounterStore):
    """Keep snapshots in Redis; reads are one MGET, offers one Lua call, whatever the number of keys."""

    def __init__(self, url: str, key_prefix: str = "photogram:counts", ttl_seconds: int = 86400) -> None:
        super().__init__(ttl_seconds)
        self.url = url
        self.key_prefix = key_prefix
        self._lock = threading.Lock()
        self._pid = 0
        self._client: redis.Redis | None = None
        self._offer: Script | None = None

    def get_many(self, keys: Sequence[str]) -> dict[str, CountSnapshot]:
        if not keys:
            return {}
        client, _ = self._connection()
        found = {}
        for key, raw in zip(keys, client.mget([self._redis_key(key) for key in keys]), strict=True):
            if raw is None:
                continue
            # orjson: the standard library's decoder was a visible share of a home-feed read (40 snapshots).
            version, _, payload = (raw if isinstance(raw, bytes) else raw.encode()).partition(b" ")
            found[key] = CountSnapshot(int(version), orjson.loads(payload))
        return found

    def offer_many(self, snapshots: Mapping[str, CountSnapshot]) -> None:
        if not snapshots:
            return
        client, offer = self._connection()
        args: list[int | str] = [self.ttl_seconds]
        for snapshot in snapshots.values():
            args += [snapshot.version, orjson.dumps(dict(snapshot.counts)).decode()]
        offer(keys=[self._redis_key(key) for key in snapshots], args=args, client=client)

    def forget_many(self, keys: Iterable[str]) -> None:
        names = [self._redis_key(key) for key in keys]
        if names:
            client, _ = self._connection()
            client.delete(*names)

    def forget_all(self) -> None:
        client, _ = self._connection()
        batch = []
        for name in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(name)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)

    def _redis_key(self, key: str) -> str:
        return f"{self.key_prefix}:{key}"

    def _connection(self) -> tuple[redis.Redis, Script]:
        """Return this process's client, made on first use: a forked worker must not share its parent's sockets."""
        with self._lock:
            if self._client is None or self._offer is None or self._pid != os.getpid():
                self._client = redis.Redis.from_url(
                    self.url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT
                )
                self._offer = self._client.register_script(_OFFER)
                self._pid = os.getpid()
            return self._client, self._offer
