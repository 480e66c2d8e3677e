"""`PreparedStatements`: a store's CQL, prepared once per session and prepared again after a fork."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping

from cassandra.cluster import Session
from cassandra.query import PreparedStatement

from photogram.core.cassandra.connection import get_session


class PreparedStatements:
    """Prepare a fixed set of named statements on this process's session at first use.

    A forked worker has a session of its own, on which the parent's prepared statements are unknown: the cache
    is keyed by process and session, so each prepares its own.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = dict(texts)
        self._lock = threading.Lock()
        self._prepared: tuple[int, Session, dict[str, PreparedStatement]] | None = None

    def get(self, name: str) -> tuple[Session, PreparedStatement]:
        """Return the session and the statement `name`, preparing them all on first use."""
        session = get_session()
        with self._lock:
            prepared = self._prepared
            if prepared is None or prepared[0] != os.getpid() or prepared[1] is not session:
                statements = {key: session.prepare(text) for key, text in self.texts.items()}
                prepared = self._prepared = (os.getpid(), session, statements)
        return session, prepared[2][name]
