"""What each Cassandra store needs around its statements: prepared once per process, errors in its own words.

`PreparedStatements` prepares a store's CQL on first use and again after a fork (a forked worker must not
share its parent's connections); `driver_errors` turns any driver or socket failure into the store's
"unavailable" exception, which the API answers with 503.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from cassandra import DriverException, RequestExecutionException
from cassandra.cluster import NoHostAvailable, Session
from cassandra.query import PreparedStatement

from photogram.core.cassandra.connection import get_session


@contextmanager
def driver_errors(unavailable: type[Exception], what: str) -> Iterator[None]:
    """Raise `unavailable` ("Cassandra could not <what>: ...") for any failure to reach Cassandra."""
    try:
        yield
    except (NoHostAvailable, RequestExecutionException, DriverException, OSError) as error:
        raise unavailable(f"Cassandra could not {what}: {type(error).__name__}: {error}") from error


class PreparedStatements:
    """A store's statements by name, prepared in this process's session; `texts` gives each its CQL."""

    def __init__(self, texts: Callable[[], Mapping[str, str]], unavailable: type[Exception]) -> None:
        self._texts = texts
        self._unavailable = unavailable
        self._lock = threading.Lock()
        self._prepared: tuple[int, Session, dict[str, PreparedStatement]] | None = None

    def get(self) -> tuple[Session, dict[str, PreparedStatement]]:
        """Return this process's session and every statement, preparing them after start-up or a fork."""
        with driver_errors(self._unavailable, "connect"):
            session = get_session()
        with self._lock:
            known = self._prepared
            if known is not None and known[0] == os.getpid() and known[1] is session:
                return session, known[2]
        with driver_errors(self._unavailable, "prepare statements"):
            statements = {name: session.prepare(text) for name, text in self._texts().items()}
        with self._lock:
            self._prepared = (os.getpid(), session, statements)
        return session, statements
