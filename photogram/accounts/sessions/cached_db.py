"""The session engine of the full profile: read through the cache, written through to the database."""

from __future__ import annotations

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseStore

from photogram.accounts.sessions import OwnedSessionStore


class SessionStore(CachedDatabaseStore, OwnedSessionStore):
    pass
