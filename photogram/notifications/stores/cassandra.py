"""The full profile's inbox store: `notification_inbox`, one partition per recipient, newest first, and
`notification_causes`, which maps each cause to its entry.

A cause is claimed with a lightweight transaction (`INSERT ... IF NOT EXISTS`): of two tasks adding the same
cause at once (a retried task, a double like) exactly one is told it added the entry, which is what lets the
caller deliver each notification once. Both tables expire rows after the store's age limit (`USING TTL`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC
from typing import Any

from cassandra import DriverException, RequestExecutionException
from cassandra.cluster import NoHostAvailable, Session
from cassandra.query import BatchStatement, BatchType, PreparedStatement
from django.conf import settings

from photogram.core.cassandra.connection import READ_PROFILE, get_session
from photogram.core.window import CursorWindow
from photogram.notifications.stores.base import InboxEntry, InboxStore, InboxUnavailable

COLUMNS = "id, type, from_account_id, status_id, group_key, cause, created_at, filtered"


@contextmanager
def _unavailable_on_driver_errors(what: str) -> Iterator[None]:
    try:
        yield
    except (NoHostAvailable, RequestExecutionException, DriverException, OSError) as error:
        raise InboxUnavailable(f"Cassandra could not {what}: {type(error).__name__}: {error}") from error


def _entry(row: Any) -> InboxEntry:
    return InboxEntry(
        id=row.id,
        type=row.type,
        from_account_id=row.from_account_id,
        status_id=row.status_id,
        group_key=row.group_key,
        cause=row.cause,
        created_at=row.created_at.replace(tzinfo=UTC),
        filtered=bool(row.filtered),
    )


class CassandraInboxStore(InboxStore):
    """Keep inboxes in `<keyspace>.notification_inbox` and their causes in `<keyspace>.notification_causes`
    (notifications/cql/0001_notification_inbox.cql)."""

    def __init__(self, *, max_length: int = 800, trim_every: int = 16, ttl_days: int = 90, keyspace: str = "") -> None:
        super().__init__(max_length=max_length, trim_every=trim_every, ttl_days=ttl_days)
        self.keyspace = keyspace or settings.CASSANDRA["KEYSPACE"]
        self._lock = threading.Lock()
        self._prepared: tuple[int, Session, dict[str, PreparedStatement]] | None = None

    def page(self, owner_id: int, window: CursorWindow) -> list[InboxEntry]:
        low, high = window.lower_bound, window.max_id
        name = f"page:{low is not None}:{high is not None}:{window.oldest_first}"
        session, statement = self._statement(name)
        values = (owner_id, *(value for value in (low, high) if value is not None), window.limit)
        with _unavailable_on_driver_errors("read an inbox"):
            entries = [_entry(row) for row in session.execute(statement, values, execution_profile=READ_PROFILE)]
        return entries[::-1] if window.oldest_first else entries

    def get(self, owner_id: int, entry_id: int) -> InboxEntry | None:
        session, statement = self._statement("get")
        with _unavailable_on_driver_errors("read an inbox"):
            row = session.execute(statement, (owner_id, entry_id), execution_profile=READ_PROFILE).one()
        return _entry(row) if row is not None else None

    def remove(self, owner_id: int, entries: Sequence[InboxEntry]) -> None:
        if not entries:
            return
        session, delete_entry = self._statement("delete")
        _, delete_cause = self._statement("delete_cause")
        # One partition per table: an unlogged batch reaches its replicas as one mutation each.
        batch = BatchStatement(batch_type=BatchType.UNLOGGED)
        for entry in entries:
            batch.add(delete_entry, (owner_id, entry.id))
            batch.add(delete_cause, (owner_id, entry.cause))
        with _unavailable_on_driver_errors("remove notifications"):
            session.execute(batch)

    def remove_cause(self, owner_id: int, cause: str) -> InboxEntry | None:
        session, statement = self._statement("cause")
        with _unavailable_on_driver_errors("read an inbox"):
            row = session.execute(statement, (owner_id, cause), execution_profile=READ_PROFILE).one()
        if row is None:
            return None
        entry = self.get(owner_id, row.id)
        if entry is None:  # trimmed or expired: only the cause is left
            _, delete_cause = self._statement("delete_cause")
            with _unavailable_on_driver_errors("remove a notification"):
                session.execute(delete_cause, (owner_id, cause))
            return None
        self.remove(owner_id, [entry])
        return entry

    def clear(self, owner_id: int) -> None:
        session, clear_entries = self._statement("clear")
        _, clear_causes = self._statement("clear_causes")
        with _unavailable_on_driver_errors("clear an inbox"):
            session.execute(clear_entries, (owner_id,))
            session.execute(clear_causes, (owner_id,))

    def trim(self, owner_id: int) -> None:
        # Causes of trimmed entries stay until their TTL: an old cause repeated meanwhile adds nothing.
        session, cutoff = self._statement("cutoff")
        with _unavailable_on_driver_errors("trim an inbox"):
            ids = [row.id for row in session.execute(cutoff, (owner_id, self.max_length + 1))]
            if len(ids) > self.max_length:
                _, delete_up_to = self._statement("delete_up_to")
                session.execute(delete_up_to, (owner_id, ids[-1]))

    def check(self) -> None:
        session, statement = self._statement("cutoff")
        with _unavailable_on_driver_errors("read an inbox"):
            session.execute(statement, (0, 1), execution_profile=READ_PROFILE)

    def _add(self, owner_id: int, entry: InboxEntry) -> bool:
        session, claim = self._statement("claim")
        _, insert = self._statement("insert")
        with _unavailable_on_driver_errors("add a notification"):
            claimed = session.execute(claim, (owner_id, entry.cause, entry.id, self.ttl_seconds))
            if claimed.was_applied:
                kept = entry
            else:
                # Claimed before: by a task that may have stopped before writing its entry, which is
                # written now under the claimed id (and still not reported as added: it was delivered, or
                # its delivery is lost with the task that claimed it).
                existing_id = claimed.one().id
                if self.get(owner_id, existing_id) is not None:
                    return False
                kept = replace(entry, id=existing_id)
            session.execute(
                insert,
                (
                    owner_id,
                    kept.id,
                    kept.type,
                    kept.from_account_id,
                    kept.status_id,
                    kept.group_key,
                    kept.cause,
                    kept.created_at,
                    kept.filtered,
                    self.ttl_seconds,
                ),
            )
        return bool(claimed.was_applied)

    def _statement(self, name: str) -> tuple[Session, PreparedStatement]:
        """Return this process's session and one prepared statement (all prepared again after a fork)."""
        with _unavailable_on_driver_errors("connect"):
            session = get_session()
        with self._lock:
            if self._prepared is not None and self._prepared[0] == os.getpid() and self._prepared[1] is session:
                return session, self._prepared[2][name]
        inbox = f"{self.keyspace}.notification_inbox"
        causes = f"{self.keyspace}.notification_causes"
        texts = {
            "get": f"SELECT {COLUMNS} FROM {inbox} WHERE owner_id = ? AND id = ?",
            "insert": f"INSERT INTO {inbox} (owner_id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?",
            "claim": f"INSERT INTO {causes} (owner_id, cause, id) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?",
            "cause": f"SELECT id FROM {causes} WHERE owner_id = ? AND cause = ?",
            "delete": f"DELETE FROM {inbox} WHERE owner_id = ? AND id = ?",
            "delete_cause": f"DELETE FROM {causes} WHERE owner_id = ? AND cause = ?",
            "delete_up_to": f"DELETE FROM {inbox} WHERE owner_id = ? AND id <= ?",
            "clear": f"DELETE FROM {inbox} WHERE owner_id = ?",
            "clear_causes": f"DELETE FROM {causes} WHERE owner_id = ?",
            "cutoff": f"SELECT id FROM {inbox} WHERE owner_id = ? LIMIT ?",
        }
        for low in (False, True):
            for high in (False, True):
                for oldest_first in (False, True) if low else (False,):
                    bounds = (" AND id > ?" if low else "") + (" AND id < ?" if high else "")
                    order = " ORDER BY id ASC" if oldest_first else ""
                    texts[f"page:{low}:{high}:{oldest_first}"] = (
                        f"SELECT {COLUMNS} FROM {inbox} WHERE owner_id = ?{bounds}{order} LIMIT ?"
                    )
        with _unavailable_on_driver_errors("prepare the inbox statements"):
            statements = {key: session.prepare(text) for key, text in texts.items()}
        with self._lock:
            self._prepared = (os.getpid(), session, statements)
        return session, statements[name]
