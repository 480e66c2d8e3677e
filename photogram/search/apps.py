from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from photogram.search.folding import register_functions


def _register_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    # The full-text triggers fold text in Python (folding.py): every connection that writes needs it.
    if connection.vendor == "sqlite":
        register_functions(connection.connection)


class SearchConfig(AppConfig):
    name = "photogram.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_functions, dispatch_uid="photogram.search.sqlite_functions")
