"""The session engine of the embedded profile: sessions in the database, with their owner."""

from __future__ import annotations

from photogram.accounts.sessions import OwnedSessionStore


class SessionStore(OwnedSessionStore):
    pass
