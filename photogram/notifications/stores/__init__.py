"""Activity inboxes: the interface, and `inboxes`, the stores configured in settings.INBOXES.

Cassandra on the full profile (`cassandra.CassandraInboxStore`), SQL rows on embedded (`sql.SqlInboxStore`).
"""

from photogram.core.backends import BackendHandler
from photogram.notifications.stores.base import InboxEntry, InboxStore, InboxUnavailable

inboxes: BackendHandler[InboxStore] = BackendHandler("INBOXES", InboxStore)

__all__ = ["InboxEntry", "InboxStore", "InboxUnavailable", "inboxes"]
