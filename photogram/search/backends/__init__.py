"""Search engines: the interface, and `search_backends`, the engines configured in settings.SEARCH.

PostgreSQL full-text search and trigrams on the full profile (`postgres.PostgresSearchBackend`), SQLite FTS5
on embedded (`sqlite.SqliteSearchBackend`).
"""

from photogram.core.backends import BackendHandler
from photogram.search.backends.base import SearchBackend

search_backends: BackendHandler[SearchBackend] = BackendHandler("SEARCH", SearchBackend)

__all__ = ["SearchBackend", "search_backends"]
