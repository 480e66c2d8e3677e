"""Django settings, derived from `photogram.config.Environment` (the only place a setting is read from)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django_stubs_ext
from corsheaders.defaults import default_headers as cors_default_headers
from kombu import Queue

from photogram.config import Environment, Profile
from photogram.core.storage_settings import storages_for
from photogram.media.processing.types import EncoderSettings

# Lets generic Django classes be subscripted at run time as django-stubs types them (e.g. fields).
django_stubs_ext.monkeypatch()

ENV = Environment()
FULL = ENV.profile is Profile.FULL
PHOTOGRAM_PROFILE = ENV.profile.value
FULL_PROFILE = FULL

SECRET_KEY = ENV.effective_secret_key()
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "corsheaders",
    "photogram.core",
    "photogram.accounts",
    "photogram.oauth",
    "photogram.media",
    "photogram.posts",
    "photogram.feeds",
    "photogram.filters",
    "photogram.discovery",
    "photogram.lists",
    "photogram.search",
    "photogram.rpc",
    "photogram.server",
    "photogram.markers",
    "photogram.push",
    "photogram.notifications",
    "photogram.stories",
    "photogram.direct",
    "photogram.streaming",
    "photogram.api",
    "photogram.web",
]

AUTHENTICATION_BACKENDS = ["photogram.accounts.backends.UsernameOrEmailBackend"]
LOGIN_URL = "/auth/sign_in"
LOGIN_REDIRECT_URL = "/"

MIDDLEWARE = [
    # Outermost, so it compresses the page as finally written (photogram/web/compression.py says what and why).
    "photogram.web.compression.HtmlGZipMiddleware",
    "photogram.api.middleware.ApiTrailingSlashMiddleware",
    "photogram.api.middleware.RequestSizeLimitMiddleware",
    # Before anything that answers, so every answer (errors included) carries the CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the pages: the `django_language` cookie (set_language), else Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "photogram.accounts.sessions.activity.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "photogram.web.middleware.ContentSecurityPolicyMiddleware",
    "photogram.web.errors.WebErrorsMiddleware",
]

# Browser clients (Phanpy, Elk) call the API from their own origin, as they do on Mastodon: any origin may use
# the API, the token and revocation endpoints and the discovery documents, without cookies (the API authenticates
# with bearer tokens, so a foreign page gains nothing it could not do with its own token).
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/(?:api/|oauth/(?:token|revoke)$|\.well-known/|nodeinfo/)"
CORS_ALLOW_HEADERS = (*cors_default_headers, "idempotency-key", "cache-control")
CORS_EXPOSE_HEADERS = ["Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id"]
CORS_PREFLIGHT_MAX_AGE = 86400

ROOT_URLCONF = "photogram.urls"
WSGI_APPLICATION = "photogram.wsgi.application"
ASGI_APPLICATION = "photogram.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "photogram.web.context_processors.follow_requests",
                "photogram.web.live.live",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-us"
# The languages the web app is offered in. English is written in the source, so it needs no compiled catalogue;
# another language is a `locale/<code>/LC_MESSAGES/django.po` made by `makemessages` and listed here.
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ENV.data_dir / "static"
# The web app's third-party front-end files, copied from npm by `make install` (photogram/web/frontend).
STATICFILES_DIRS = [("vendor", Path(__file__).resolve().parent / "web" / "frontend" / "build")]
MEDIA_URL = "media/"
MEDIA_ROOT = ENV.data_dir / "media"

# "default" holds what is served (renditions, avatars); "private" holds originals, which are never served.
# The local filesystem, or S3-compatible buckets when PHOTOGRAM_S3_BUCKET is set.
STORAGES = storages_for(ENV)


def _databases() -> dict[str, dict[str, Any]]:
    if not FULL:
        return {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": ENV.data_dir / "photogram.sqlite3",
                # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at BEGIN,
                # so concurrent writers queue on busy_timeout instead of failing with "database is locked".
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
                },
                # Tests use a file as the server does, not a shared-cache in-memory database: the file is
                # what honours WAL and busy_timeout when threads write at once.
                "TEST": {"NAME": ENV.data_dir / "test-photogram.sqlite3"},
            }
        }
    return {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": ENV.postgres_host,
            "PORT": ENV.postgres_port,
            "NAME": ENV.postgres_db,
            "USER": ENV.postgres_user,
            "PASSWORD": ENV.postgres_password,
            "CONN_MAX_AGE": ENV.postgres_conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            # No JIT: compiling a visibility query took far longer than running it (docs/performance.md).
            # Photogram's queries are all short OLTP ones.
            # Server-side binding with prepared statements: a statement run twice on a connection is planned
            # once (planning was most of the page-facts query's time). Needs session pooling, not
            # PgBouncer's transaction mode.
            "OPTIONS": {
                "connect_timeout": 5,
                "options": "-c jit=off",
                "server_side_binding": True,
                "prepare_threshold": 2,
            },
        }
    }


def _caches() -> dict[str, dict[str, Any]]:
    if not FULL:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV.effective_redis_url,
            "KEY_PREFIX": "photogram",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


DATABASES = _databases()
CACHES = _caches()
# Sessions are written through to the database, so a Redis flush logs nobody out on the full profile; their
# rows know whose they are, for the list of signed-in browsers in the settings (photogram.accounts.sessions).
SESSION_ENGINE = "photogram.accounts.sessions.cached_db" if FULL else "photogram.accounts.sessions.db"

# Redis as a store in its own right (counters, rate limits, pub/sub), beside the cache: full profile only.
REDIS_URL = ENV.effective_redis_url if FULL else ""

CASSANDRA: dict[str, Any] = {
    "HOSTS": ENV.cassandra_hosts,
    "PORT": ENV.cassandra_port,
    "KEYSPACE": ENV.cassandra_keyspace,
    "REPLICATION": ENV.cassandra_replication,
    "LOCAL_DATACENTER": ENV.cassandra_local_datacenter,
    "READ_CONSISTENCY": ENV.cassandra_read_consistency,
    "WRITE_CONSISTENCY": ENV.cassandra_write_consistency,
    "REQUEST_TIMEOUT": ENV.cassandra_request_timeout,
}

# Celery: RabbitMQ and worker processes on full; on embedded every task runs inline, after the transaction
# that enqueued it commits (see photogram.core.tasks.enqueue_on_commit).
CELERY_BROKER_URL = ENV.effective_broker_url if FULL else "memory://"
CELERY_TASK_ALWAYS_EAGER = not FULL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Queues by kind of work, so media processing never holds up fan-out (and can get its own workers).
TASK_QUEUES = [f"{ENV.task_queue_prefix}{name}" for name in ("default", "media", "fanout", "notify")]
CELERY_TASK_DEFAULT_QUEUE = TASK_QUEUES[0]
# A worker started without --queues consumes all of them.
CELERY_TASK_QUEUES = [Queue(name) for name in TASK_QUEUES]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_RESULT_BACKEND = None
CELERY_TASK_ROUTES = {
    "photogram.media.tasks.*": {"queue": TASK_QUEUES[1]},
    "photogram.feeds.tasks.*": {"queue": TASK_QUEUES[2]},
    "photogram.lists.tasks.*": {"queue": TASK_QUEUES[2]},
    "photogram.push.tasks.*": {"queue": TASK_QUEUES[3]},
    "photogram.notifications.tasks.*": {"queue": TASK_QUEUES[3]},
    "photogram.stories.tasks.*": {"queue": TASK_QUEUES[1]},
    "photogram.direct.tasks.*": {"queue": TASK_QUEUES[3]},
}
CELERY_BEAT_SCHEDULE = {
    "delete-unattached-media": {"task": "photogram.media.tasks.delete_unattached_media", "schedule": 3600.0},
    # Readers compute trends themselves when the kept ranking expires (15 minutes): this keeps it fresh for them.
    "refresh-trends": {"task": "photogram.discovery.tasks.refresh_trends", "schedule": 600.0},
    # Deletes the files of expired stories (and, on embedded, their rows): a story outlives its 24 hours by
    # at most this long on disk, never in any read.
    "expire-stories": {"task": "photogram.stories.tasks.expire_stories", "schedule": 300.0},
}

# Image formats made before an upload is ready, and those made afterwards (AVIF is the slowest encoder).
# The embedded profile runs tasks inline, where a deferred encode would still hold up the upload: none there.
MEDIA_FORMATS = {
    "immediate": ENV.media_formats,
    "deferred": ENV.media_deferred_formats if ENV.media_deferred_formats is not None else (["avif"] if FULL else []),
}
MEDIA_ENCODERS = EncoderSettings(
    webp_quality=ENV.media_webp_quality,
    webp_method=ENV.media_webp_method,
    jpeg_quality=ENV.media_jpeg_quality,
    jpeg_progressive=ENV.media_jpeg_progressive,
    avif_quality=ENV.media_avif_quality,
    avif_speed=ENV.media_avif_speed,
)
UNATTACHED_MEDIA_LIFETIME_HOURS = 24

PUBLIC_URL = ENV.public_url

# Transport security, from the public address: over HTTPS the session and CSRF cookies never go out in clear
# and browsers are told to come back over HTTPS only. Behind a TLS-terminating proxy the app sees plain HTTP,
# so it takes the proxy's word (X-Forwarded-Proto) only when the operator says one is there.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ENV.served_over_https
SECURE_HSTS_SECONDS = ENV.hsts_seconds if ENV.served_over_https else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ENV.trust_forwarded_proto else None
# Links to other sites send no address: a profile or a direct thread's URL says who someone talks to.
SECURE_REFERRER_POLICY = "same-origin"
INSTANCE_DOMAIN = ENV.public_url.split("://", 1)[-1].split("/", 1)[0]
INSTANCE_TITLE = ENV.instance_title
INSTANCE_DESCRIPTION = ENV.instance_description
INSTANCE_CONTACT_EMAIL = ENV.contact_email
REGISTRATIONS_OPEN = ENV.registrations_open
SOURCE_URL = ENV.source_url

# Web Push (photogram.push): the key that signs every push request (RFC 8292), and who the push services may
# write to about them (`sub`: the contact address, else this instance's address). Subscriptions must name an
# https endpoint; plain http is taken for a loopback address only while developing (and in tests).
PUSH: dict[str, Any] = {
    "VAPID_PRIVATE_KEY": ENV.effective_vapid_private_key(),
    "VAPID_SUBJECT": f"mailto:{ENV.contact_email}" if ENV.contact_email else ENV.public_url,
    "ALLOW_LOOPBACK_HTTP": DEBUG,
}

# What /api/v2/instance advertises; the features that enforce each limit read it from here.
CONTENT_LIMITS: dict[str, Any] = {
    "max_caption_characters": 2200,
    "max_media_attachments": 20,
    "max_pinned_statuses": 3,
    "supported_mime_types": [
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "image/heic",
        "image/heif",
        "image/avif",
        "video/mp4",
        "video/quicktime",
        "video/webm",
        "video/x-matroska",
    ],
    "image_size_limit": 32 * 1024 * 1024,
    "image_matrix_limit": 50_000_000,
    "video_size_limit": 512 * 1024 * 1024,
}
# No request may be larger than the largest upload plus its multipart framing; larger ones are refused with 413
# before their body is read. Django's own limit on the non-file part of a body (DATA_UPLOAD_MAX_MEMORY_SIZE,
# 2.5 MB) also answers 413 on the API.
MAX_REQUEST_BYTES = CONTENT_LIMITS["video_size_limit"] + 1024 * 1024

# django-oauth-toolkit's models, named because migrations that point at them resolve these settings.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_DEVICE_GRANT_MODEL = "oauth2_provider.DeviceGrant"
OAUTH2_PROVIDER: dict[str, Any] = {
    "OAUTH2_VALIDATOR_CLASS": "photogram.oauth.validator.PhotogramOAuth2Validator",
    # Reads the token and revocation requests as Mastodon does: JSON, form or multipart bodies.
    "OAUTH2_BACKEND_CLASS": "photogram.oauth.backend.MastodonOAuthLibCore",
    "SCOPES_BACKEND_CLASS": "photogram.oauth.scopes.ApplicationScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": ENV.access_token_lifetime_days * 86400,
    "REFRESH_TOKEN_EXPIRE_SECONDS": ENV.access_token_lifetime_days * 86400,
    # Mastodon clients that predate PKCE still work (they authenticate with their client secret);
    # a client that uses PKCE must use S256.
    "PKCE_REQUIRED": False,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http", "urn"],
}

# Stores chosen per profile (see photogram.core.backends).
RATE_LIMITS: dict[str, Any] = (
    {"default": {"BACKEND": "photogram.core.ratelimit.redis.RedisRateLimitStore", "OPTIONS": {"url": REDIS_URL}}}
    if FULL
    else {"default": {"BACKEND": "photogram.core.ratelimit.local.LocalRateLimitStore"}}
)
COUNTERS: dict[str, Any] = (
    {"default": {"BACKEND": "photogram.core.counters.redis.RedisCounterStore", "OPTIONS": {"url": REDIS_URL}}}
    if FULL
    else {"default": {"BACKEND": "photogram.core.counters.local.LocalCounterStore"}}
)

# The streaming API's broker: Redis pub/sub between processes on full, in-process on embedded (one server).
# The prefix keeps instances (and test runs) sharing one Redis apart: pub/sub channels ignore the database.
_STREAMING_PREFIX = f"{ENV.task_queue_prefix}photogram:streaming"
STREAMING: dict[str, Any] = (
    {
        "default": {
            "BACKEND": "photogram.streaming.services.broker.redis.RedisBroker",
            "OPTIONS": {"url": REDIS_URL, "prefix": _STREAMING_PREFIX},
        }
    }
    if FULL
    else {
        "default": {
            "BACKEND": "photogram.streaming.services.broker.local.LocalBroker",
            "OPTIONS": {"prefix": _STREAMING_PREFIX},
        }
    }
)
STREAMING_URL = ENV.effective_streaming_url
STREAMING_LIMITS: dict[str, Any] = {
    "heartbeat": 15.0,  # seconds between SSE `:thump` comments (and token checks) on a quiet stream
    "buffer_events": 256,  # events waiting for one slow client before it is disconnected
    "send_timeout": 30.0,  # seconds one write may wait on a client before it is disconnected
    "max_subscriptions": 64,  # streams on one WebSocket
}


# Home feeds ("default") and list feeds ("lists", one per list): Cassandra partitions on full, SQL rows on
# embedded; what the fan-out and the feed service read.
def _feeds() -> dict[str, Any]:
    backend = (
        "photogram.feeds.stores.cassandra.CassandraFeedStore" if FULL else "photogram.feeds.stores.sql.SqlFeedStore"
    )
    store = {"BACKEND": backend, "OPTIONS": {"max_length": ENV.feed_max_length}}
    where = {"table": "list_feed"} if FULL else {"model": "lists.ListFeedEntry"}
    # No head cache for list feeds: a list is read far less often than a home feed.
    lists = {"BACKEND": backend, "OPTIONS": {"max_length": ENV.feed_max_length, **where}}
    if not FULL or ENV.feed_head_length == 0:
        return {"default": store, "lists": lists}  # embedded: the feed is one SQLite query away already
    return {
        "default": {
            "BACKEND": "photogram.feeds.stores.head_cache.HeadCachedFeedStore",
            "OPTIONS": {"store": store, "cache": "default", "head_length": ENV.feed_head_length},
        },
        "lists": lists,
    }


FEEDS = _feeds()
# Activity inboxes (notifications): a Cassandra partition per recipient on full, SQL rows on embedded; each
# keeps the newest 800 notifications (Mastodon's clean-up keeps about as many) for at most 90 days.
INBOXES: dict[str, Any] = {
    "default": {
        "BACKEND": (
            "photogram.notifications.stores.cassandra.CassandraInboxStore"
            if FULL
            else "photogram.notifications.stores.sql.SqlInboxStore"
        ),
        "OPTIONS": {"max_length": 800, "ttl_days": 90},
    }
}
# Stories: Cassandra tables whose rows expire by TTL on full, SQL rows filtered on read and purged by the
# periodic `expire-stories` task on embedded; a story lives 24 hours.
STORIES: dict[str, Any] = {
    "default": {
        "BACKEND": (
            "photogram.stories.stores.cassandra.CassandraStoryStore"
            if FULL
            else "photogram.stories.stores.sql.SqlStoryStore"
        ),
        "OPTIONS": {"ttl_seconds": 86400},
    }
}
# Direct messages: on full a Cassandra partition per thread and week (so no thread makes a huge partition),
# SQL rows on embedded. Threads, membership and read receipts are relational on both (direct.models).
DIRECT: dict[str, Any] = {
    "default": {
        "BACKEND": (
            "photogram.direct.stores.cassandra.CassandraMessageStore"
            if FULL
            else "photogram.direct.stores.sql.SqlMessageStore"
        ),
        "OPTIONS": {"bucket_days": 7},
    }
}
# Search: PostgreSQL full-text search and trigrams on full, SQLite FTS5 on embedded (each reads its own
# database's indexes, made by the search app's migrations).
SEARCH: dict[str, Any] = {
    "default": {
        "BACKEND": (
            "photogram.search.backends.postgres.PostgresSearchBackend"
            if FULL
            else "photogram.search.backends.sqlite.SqliteSearchBackend"
        ),
    }
}
FEED_FANOUT = {
    "CHUNK_SIZE": ENV.feed_fanout_chunk_size,
    "PULL_THRESHOLD": ENV.feed_pull_threshold,
    "INACTIVE_DAYS": ENV.feed_inactive_days,
}
# The Thrift feed service on full; on embedded the same handler is called in-process.
FEED_SERVICE: dict[str, Any] = {
    "default": {
        "BACKEND": "photogram.rpc.client.ThriftFeedService" if FULL else "photogram.rpc.client.InProcessFeedService",
        "OPTIONS": (
            {
                "host": ENV.feed_service_host,
                "port": ENV.feed_service_port,
                "timeout": ENV.feed_service_timeout,
                "pool_size": ENV.feed_service_pool_size,
                "max_age": ENV.feed_service_max_age,
            }
            if FULL
            else {}
        ),
    }
}
FEED_SERVICE_PROCESSES = ENV.feed_service_processes
OUTBOX_POLL_INTERVAL = ENV.outbox_poll_interval
# name -> (requests, window in seconds). Mastodon's defaults: 300 API calls per 5 minutes per account
# (per address when anonymous), 5 sign-ups per 30 minutes and 25 log-ins per 5 minutes per address.
RATE_LIMIT_POLICIES: dict[str, tuple[int, int]] = {
    "api": (300, 300),
    "sign_up": (5, 1800),
    "log_in": (25, 300),
    # Direct messages one person may send a minute, beside the "api" budget: a flood is refused with 429.
    "direct_send": (60, 60),
}

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"photogram": {"level": ENV.log_level}},
}
