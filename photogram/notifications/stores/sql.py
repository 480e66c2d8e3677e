"""The embedded profile's inbox store: rows of `notifications.InboxRow` in the relational database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from photogram.core.window import CursorWindow
from photogram.notifications.models import InboxRow
from photogram.notifications.stores.base import InboxEntry, InboxStore, InboxUnavailable

FIELDS = ("id", "type", "from_account_id", "status_id", "group_key", "cause", "created_at", "filtered")


def _entry(row: InboxRow) -> InboxEntry:
    return InboxEntry(**{field: getattr(row, field) for field in FIELDS})


class SqlInboxStore(InboxStore):
    """Keep inboxes as rows; the unique (owner, cause) index makes `add` idempotent."""

    def page(self, owner_id: int, window: CursorWindow) -> list[InboxEntry]:
        return [_entry(row) for row in window.filter(self._live(owner_id), "id")]

    def get(self, owner_id: int, entry_id: int) -> InboxEntry | None:
        row = self._live(owner_id).filter(id=entry_id).first()
        return _entry(row) if row is not None else None

    def remove(self, owner_id: int, entries: Sequence[InboxEntry]) -> None:
        InboxRow.objects.filter(owner_id=owner_id, id__in=[entry.id for entry in entries]).delete()

    def remove_cause(self, owner_id: int, cause: str) -> InboxEntry | None:
        row = InboxRow.objects.filter(owner_id=owner_id, cause=cause).first()
        if row is None:
            return None
        InboxRow.objects.filter(owner_id=owner_id, id=row.id).delete()
        return _entry(row)

    def clear(self, owner_id: int) -> None:
        InboxRow.objects.filter(owner_id=owner_id).delete()

    def trim(self, owner_id: int) -> None:
        newest = InboxRow.objects.filter(owner_id=owner_id).order_by("-id")
        beyond = list(newest.values_list("id", flat=True)[self.max_length : self.max_length + 1])
        if beyond:
            InboxRow.objects.filter(owner_id=owner_id, id__lte=beyond[0]).delete()
        InboxRow.objects.filter(owner_id=owner_id, created_at__lt=self._oldest_kept()).delete()

    def check(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            raise InboxUnavailable(f"the inbox table cannot be read: {error}") from error

    def _add(self, owner_id: int, entry: InboxEntry) -> bool:
        try:
            with transaction.atomic():
                InboxRow.objects.create(owner_id=owner_id, **{field: getattr(entry, field) for field in FIELDS})
        except IntegrityError:
            return False  # this cause's entry is there already
        return True

    def _live(self, owner_id: int) -> QuerySet[InboxRow]:
        # Entries past their age are not shown even before a trim deletes them, as Cassandra's TTL does.
        return InboxRow.objects.filter(owner_id=owner_id, created_at__gte=self._oldest_kept())

    def _oldest_kept(self) -> datetime:
        return timezone.now() - timedelta(seconds=self.ttl_seconds)
