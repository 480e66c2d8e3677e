"""Django settings, derived from `photogram.config.Environment` (the only place a setting is read from)."""

from __future__ import annotations

from typing import Any

import django_stubs_ext

from photogram.config import Environment, Profile

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
    "photogram.core",
    "photogram.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
            ],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = ENV.data_dir / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = ENV.data_dir / "media"


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
            "OPTIONS": {"connect_timeout": 5},
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
# Sessions are written through to the database, so a Redis flush logs nobody out on the full profile.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if FULL else "django.contrib.sessions.backends.db"

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
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_RESULT_BACKEND = None

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"photogram": {"level": ENV.log_level}},
}
