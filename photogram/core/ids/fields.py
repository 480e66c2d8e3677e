"""`TimeSortableIdField`: the primary key of every user-visible object."""

from __future__ import annotations

from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql.compiler import SQLCompiler

from photogram.core.ids.generator import default_generator
from photogram.core.ids.layout import shard_for_owner


class NextId(models.Func):
    """`photogram_next_id(shard)` on PostgreSQL."""

    function = "photogram_next_id"
    output_field = models.BigIntegerField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        # SQLite cannot run PL/pgSQL: the column has no useful default there and every id is made in Python
        # (TimeSortableIdField.get_pk_value_on_save), so a row inserted by hand without an id is refused.
        return "NULL", []


class TimeSortableIdField(models.BigAutoField[int, int]):
    """A 64-bit time-sortable primary key (see `photogram.core.ids.layout`).

    PostgreSQL makes the id (`photogram_next_id()`, also the column default for rows inserted by hand);
    elsewhere Python makes it. `shard_from` names the attribute holding the owner's id (e.g. "author_id"),
    so that an owner's objects share a logical shard; without it objects are spread over all shards.
    """

    def __init__(self, *args: Any, shard_from: str | None = None, **kwargs: Any) -> None:
        self.shard_from = shard_from
        kwargs.setdefault("db_default", NextId())
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.shard_from is not None:
            kwargs["shard_from"] = self.shard_from
        return name, path, args, kwargs

    def db_type_suffix(self, connection: BaseDatabaseWrapper) -> str | None:
        # Neither PostgreSQL's IDENTITY nor SQLite's AUTOINCREMENT: the id comes from photogram_next_id().
        return None

    def get_default(self) -> None:
        # A new instance starts without an id (not Django's DatabaseDefault placeholder), so that saving it
        # goes through get_pk_value_on_save.
        return None

    def get_pk_value_on_save(self, instance: models.Model) -> int | None:
        owner_id = getattr(instance, self.shard_from) if self.shard_from else None
        shard = shard_for_owner(owner_id) if owner_id is not None else None
        connection = connections[router.db_for_write(type(instance), instance=instance)]
        if connection.vendor == "postgresql" and shard is None:
            # The column default makes it during the INSERT, which returns it.
            return None
        # A column default cannot read the owner column: ask for an id in the owner's shard first. (An
        # expression in the INSERT would do for save() but not for bulk_create, which never reads a pk back.)
        return next_id(shard, connection)


def next_id(shard: int | None, connection: BaseDatabaseWrapper | None = None) -> int:
    """Return a new id in `shard`: from PostgreSQL's `photogram_next_id()` there (unique across processes),
    else from this process's generator. Also for ids of rows kept outside the database (notifications)."""
    connection = connection or connections["default"]
    if connection.vendor != "postgresql":
        return default_generator.next_id(shard)
    with connection.cursor() as cursor:
        cursor.execute("SELECT photogram_next_id(%s)", [shard])
        (made,) = cursor.fetchone()
    return int(made)
