"""Direct messages: the interface, and `message_stores`, the stores configured in settings.DIRECT.

Cassandra on the full profile (`cassandra.CassandraMessageStore`), SQL rows on embedded (`sql.SqlMessageStore`).
"""

from photogram.core.backends import BackendHandler
from photogram.direct.stores.base import Message, MessageStore, MessageStoreUnavailable

message_stores: BackendHandler[MessageStore] = BackendHandler("DIRECT", MessageStore)

__all__ = ["Message", "MessageStore", "MessageStoreUnavailable", "message_stores"]
