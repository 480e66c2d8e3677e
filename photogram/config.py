"""Photogram's one typed settings source: every knob a person may turn, read from `PHOTOGRAM_*` variables.

Django's settings module (`photogram.settings`) derives everything else from this object, so an operator
reads this file, and only this file, to learn what can be configured.
"""

from __future__ import annotations

import base64
import os
import secrets
import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent

CommaSeparated = Annotated[list[str], NoDecode]
# The image formats renditions can be made in (photogram.media.processing.images.ENCODERS).
IMAGE_FORMATS = ("webp", "jpeg", "avif")


class Profile(StrEnum):
    """How much infrastructure Photogram runs on."""

    EMBEDDED = "embedded"
    """One process: SQLite, in-process cache, tasks inline after commit, wide-column data in SQL tables."""

    FULL = "full"
    """PostgreSQL, Redis, RabbitMQ with Celery workers, Cassandra."""


class Environment(BaseSettings):
    """Settings read from the environment (variable name: `PHOTOGRAM_` + the field name in capitals)."""

    model_config = SettingsConfigDict(
        env_prefix="PHOTOGRAM_", use_attribute_docstrings=True, extra="forbid", frozen=True
    )

    profile: Profile = Profile.EMBEDDED
    """`embedded` (default) or `full`."""

    debug: bool = False
    """Django's DEBUG: detailed error pages. Never on a server others can reach."""

    secret_key: str = ""
    """Signs sessions and tokens. Empty: a random key is made once and kept in `<data_dir>/secret_key`."""

    vapid_private_key: str = ""
    """Signs Web Push requests (VAPID, RFC 8292): the P-256 private key, its 32 bytes in URL-safe base64.
    Empty: one is made once and kept in `<data_dir>/vapid_private_key`. Changing it breaks every push
    subscription (apps subscribed with the public key it replaces)."""

    allowed_hosts: CommaSeparated = ["127.0.0.1", "localhost"]
    """Host names this instance answers to, comma-separated."""

    data_dir: Path = REPO_ROOT / "var"
    """Where local data lives: the SQLite database, media files, the generated secret key."""

    log_level: str = "INFO"
    """Level of Photogram's own loggers."""

    public_url: str = "http://127.0.0.1:8000"
    """The address people and clients reach this instance at; links in API answers are built from it."""
    trust_forwarded_proto: bool = False
    """Set when a reverse proxy terminates TLS and sends `X-Forwarded-Proto`; never when clients reach the app
    directly, or any client could claim its plain-HTTP request was secure."""
    hsts_seconds: int = Field(default=31_536_000, ge=0)
    """How long browsers must use HTTPS only (Strict-Transport-Security), when the public URL is https; 0 sends
    no such header (while trying HTTPS out, since a browser that saw it refuses plain HTTP until it ends)."""
    instance_title: str = "Photogram"
    """The instance's name, shown to people and clients."""
    instance_description: str = "Photos and videos, shared with the people you choose."
    """One sentence about this instance."""
    contact_email: str = ""
    """Where people can reach the instance's administrators."""
    registrations_open: bool = True
    """Whether anybody may sign up."""
    source_url: str = ""
    """Where this instance's source code is published (the AGPL asks operators to offer it)."""
    media_formats: CommaSeparated = ["webp", "jpeg"]
    """Image formats every rendition is made in before an upload is ready (webp, jpeg, avif)."""
    media_deferred_formats: CommaSeparated | None = None
    """Costly image formats made after an upload is ready, so they never delay a post. Default: avif on
    the full profile (a worker makes it later), none on embedded (where it would run inside the upload)."""
    # Encoder settings: time against bytes and quality, measured in docs/performance.md (media section).
    media_webp_quality: Annotated[int, Field(ge=0, le=100)] = 82
    """WebP quality, 0-100."""
    media_webp_method: Annotated[int, Field(ge=0, le=6)] = 4
    """WebP effort, 0 (fastest) to 6. Below 4 it is much faster but needs a higher quality, so more bytes,
    for the same look."""
    media_jpeg_quality: Annotated[int, Field(ge=1, le=100)] = 85
    """JPEG quality, 1-100 (above 95 mostly adds bytes)."""
    media_jpeg_progressive: bool = True
    """Progressive JPEG (else baseline): fewer bytes for the same pixels, for more encoding time."""
    media_avif_quality: Annotated[int, Field(ge=0, le=100)] = 60
    """AVIF quality, 0-100."""
    media_avif_speed: Annotated[int, Field(ge=0, le=10)] = 8
    """AVIF encoder speed, 0 (slowest, smallest files) to 10."""

    access_token_lifetime_days: int = 365
    """Days an OAuth access token stays valid (Mastodon clients don't refresh tokens, so keep it long)."""

    # PostgreSQL (full profile). The defaults match `bin/services`, which runs it on a non-standard port so it
    # never clashes with a system-wide PostgreSQL.
    postgres_host: str = "127.0.0.1"
    """PostgreSQL host."""
    postgres_port: int = 54329
    """PostgreSQL port."""
    postgres_db: str = "photogram"
    """PostgreSQL database name."""
    postgres_user: str = "photogram"
    """PostgreSQL role."""
    postgres_password: str = ""
    """PostgreSQL password (empty: trust or peer authentication, as `bin/services` sets up on loopback)."""
    postgres_conn_max_age: int = 60
    """Seconds a web or worker process keeps its PostgreSQL connection open between requests."""

    redis_port: int = 63799
    """Port of the Redis that `bin/services` runs; used to build `redis_url` when that is not set."""
    redis_url: str = ""
    """Redis (full profile): cache, sessions, counters, rate limits, pub/sub. Default: loopback `redis_port`, db 0."""

    rabbitmq_port: int = 56729
    """AMQP port of the RabbitMQ that `bin/services` runs; used to build `broker_url` when that is not set."""
    broker_url: str = ""
    """Celery broker (full profile). Default: RabbitMQ on loopback `rabbitmq_port`."""

    cassandra_hosts: CommaSeparated = ["127.0.0.1"]
    """Cassandra contact points, comma-separated (full profile)."""
    cassandra_port: int = 19042
    """Cassandra CQL native port."""
    cassandra_keyspace: str = "photogram"
    """Keyspace holding feeds, inboxes, direct messages and stories."""
    cassandra_replication: str = "SimpleStrategy:1"
    """`SimpleStrategy:<factor>` for one data centre in development, or `NetworkTopologyStrategy:dc1=3,dc2=3`."""
    cassandra_local_datacenter: str = "datacenter1"
    """The data centre this process is in, for DC-aware routing and LOCAL_* consistency levels."""
    cassandra_read_consistency: str = "ONE"
    """Consistency level of reads: ONE on a single node, LOCAL_QUORUM on a cluster."""
    cassandra_write_consistency: str = "ONE"
    """Consistency level of writes: ONE on a single node, LOCAL_QUORUM on a cluster."""
    cassandra_request_timeout: float = 5.0
    """Seconds before a Cassandra request fails instead of waiting on."""

    # Object storage. Without a bucket, files stay on the local filesystem under `data_dir`.
    s3_bucket: str = ""
    """S3-compatible bucket for what is served (renditions, avatars). Empty (default): the local filesystem."""
    s3_private_bucket: str = ""
    """Bucket for originals, which are never public. Default: `s3_bucket`, under a `private/` prefix."""
    s3_endpoint_url: str = ""
    """The S3-compatible service, e.g. http://127.0.0.1:9000 for MinIO. Empty: AWS S3."""
    s3_region: str = ""
    """The buckets' region. Empty: the AWS SDK's default (AWS_REGION or its configuration files)."""
    s3_access_key_id: str = ""
    """Access key id. Empty: the AWS SDK's default credentials (AWS_* variables, an instance role)."""
    s3_secret_access_key: str = ""
    """Secret access key. Set it in the environment only, never in a file kept with the code."""
    s3_public_url: str = ""
    """Base URL that serves the public bucket's files, e.g. a CDN (https://media.example.org).
    Empty: the bucket's own URL."""
    s3_object_acls: bool = True
    """Give each object an ACL: public-read on served files, private on originals. Turn it off for buckets
    with ACLs disabled (AWS's default for new buckets), which are made readable by a bucket policy; keep
    originals out of that policy's reach with `s3_private_bucket`."""

    streaming_url: str = ""
    """Where clients open the streaming API (`configuration.urls.streaming`). Default: the public URL as
    ws(s):// on embedded, where one server serves both; its host on `streaming_port` on full."""
    streaming_port: int = 4000
    """Port of the streaming server (bin/streaming) on the full profile."""

    task_queue_prefix: str = ""
    """Prefix of every Celery queue name, so several instances (or a test run) can share one RabbitMQ."""

    # Home feeds (docs/architecture.md, "Home feed").
    feed_max_length: int = 800
    """Posts kept in each home feed; older ones are trimmed (a reader paging further sees no more)."""
    feed_fanout_chunk_size: int = 5000
    """Followers written per fan-out task: a post to many followers becomes several tasks that run in parallel."""
    feed_pull_threshold: int = 20_000
    """Accounts with more followers than this are not fanned out: their posts are merged into each
    follower's feed when it is read (measured in docs/performance.md)."""
    feed_head_length: Annotated[int, Field(ge=0, le=800)] = 40
    """Newest entries of each home feed kept in the cache (Redis) on the full profile, so that first pages
    and polls for newer posts skip Cassandra; 0 turns the cache off."""
    feed_inactive_days: int = 30
    """Followers who have not read their feed for this many days get no fan-out; their feed is rebuilt
    when they come back."""
    feed_service_host: str = "127.0.0.1"
    """Host of the Thrift feed service (full profile; embedded calls the same service in-process)."""
    feed_service_port: int = 19090
    """Port of the Thrift feed service."""
    feed_service_timeout: float = 1.0
    """Seconds a call to the feed service may take, connecting included, before the web tier gives up (503)."""
    feed_service_pool_size: int = 8
    """Idle connections to the feed service each web process keeps."""
    feed_service_max_age: float = 50.0
    """Seconds a pooled connection is reused; below the server's idle timeout (60 s), so a server never
    closes a connection the pool is about to hand out."""
    feed_service_processes: int = 2
    """Feed service server processes on the full profile, sharing one listening socket."""
    outbox_poll_interval: float = 0.1
    """Seconds between the outbox relay's looks at unsent rows."""

    web_workers: int = 0
    """Web server worker processes on the full profile (0: one per CPU core). Embedded always runs one."""

    @field_validator("allowed_hosts", "cassandra_hosts", "media_formats", "media_deferred_formats", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("media_formats", "media_deferred_formats")
    @classmethod
    def _known_image_formats(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        # A misspelt format would otherwise surface as the first upload failing in a worker.
        if value is None:
            return None
        unknown = [name for name in value if name not in IMAGE_FORMATS]
        if unknown:
            raise ValueError(f"unknown image format {', '.join(unknown)}: choose from {', '.join(IMAGE_FORMATS)}")
        if info.field_name == "media_formats" and not value:
            raise ValueError("at least one image format must be made before an upload is ready")
        return list(dict.fromkeys(value))

    @field_validator("vapid_private_key")
    @classmethod
    def _vapid_key_is_a_p256_private_key(cls, value: str) -> str:
        # A key that is no key would otherwise surface as every subscription and push failing.
        if value:
            try:
                raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
                if len(raw) != 32:
                    raise ValueError
                ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
            except ValueError:
                raise ValueError("must be a P-256 private key: its 32 bytes in URL-safe base64") from None
        return value

    @property
    def effective_redis_url(self) -> str:
        """Return the Redis URL, defaulting to the loopback Redis of `bin/services`."""
        return self.redis_url or f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def effective_streaming_url(self) -> str:
        """Return the streaming API's base URL: the setting, or one derived from the public URL (see it)."""
        if self.streaming_url:
            return self.streaming_url.rstrip("/")
        public = urlsplit(self.public_url)
        scheme = "wss" if public.scheme == "https" else "ws"
        if self.profile is not Profile.FULL:
            return f"{scheme}://{public.netloc}"
        host = public.hostname or "127.0.0.1"
        return f"{scheme}://{f'[{host}]' if ':' in host else host}:{self.streaming_port}"

    @property
    def served_over_https(self) -> bool:
        """Return whether people reach this instance over HTTPS (its cookies must then never travel in clear)."""
        return urlsplit(self.public_url).scheme == "https"

    @property
    def effective_broker_url(self) -> str:
        """Return the Celery broker URL, defaulting to the loopback RabbitMQ of `bin/services`."""
        return self.broker_url or f"amqp://guest:guest@127.0.0.1:{self.rabbitmq_port}//"

    def effective_secret_key(self) -> str:
        """Return the configured secret key, or the one kept in the data directory (made on first use)."""
        return self.secret_key or self._kept("secret_key", lambda: secrets.token_urlsafe(50))

    def effective_vapid_private_key(self) -> str:
        """Return the configured VAPID private key, or the one kept in the data directory (made on first use)."""
        return self.vapid_private_key or self._kept("vapid_private_key", _new_vapid_private_key)

    def _kept(self, name: str, make: Callable[[], str]) -> str:
        """Return the secret kept in `<data_dir>/<name>`, written there first by whichever process comes first."""
        kept = self.data_dir / name
        if not kept.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # Written whole under a name of its own, then linked into place: when several processes start at
            # once, exactly one link succeeds, and nobody ever reads a file still being written.
            descriptor, name_of_draft = tempfile.mkstemp(dir=self.data_dir, prefix=f".{name}.")
            draft = Path(name_of_draft)
            try:
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(make())
                kept.hardlink_to(draft)
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return kept.read_text().strip()


def _new_vapid_private_key() -> str:
    value = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return base64.urlsafe_b64encode(value.to_bytes(32, "big")).decode().rstrip("=")
