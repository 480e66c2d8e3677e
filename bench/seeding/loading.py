"""Write many rows fast: PostgreSQL's COPY on the full profile, batched INSERTs on SQLite.

A `TableWriter` takes rows holding only the columns that vary and fills every other column with its field's
default, so a column someone adds to a model later needs no change here unless it has no default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models


class MissingColumn(ValueError):
    """A column has no default and the seed gives it no value."""


class TableWriter:
    """Append rows of `columns` (database column names) to `model`'s table."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], alias: str = DEFAULT_DB_ALIAS) -> None:
        self.connection = connections[alias]
        self.table = model._meta.db_table
        self.postgres = self.connection.vendor == "postgresql"
        by_column = {field.column: field for field in model._meta.concrete_fields}
        unknown = set(columns) - set(by_column)
        if unknown:
            raise MissingColumn(f"{self.table} has no column {', '.join(sorted(unknown))}")
        self.fields = [by_column[column] for column in columns]
        self.constants: list[Any] = []
        constant_columns = []
        for column, model_field in by_column.items():
            # An auto-increment key not given is the database's to make.
            if column in columns or isinstance(model_field, models.AutoField):
                continue
            value = model_field.get_default()
            if value is None and not model_field.null:
                raise MissingColumn(f"{self.table}.{column} has no default: the seed must give it a value")
            constant_columns.append(column)
            self.constants.append(self._prepare(model_field, value))
        self.columns = [*columns, *constant_columns]

    def _prepare(self, model_field: models.Field[Any, Any], value: Any) -> Any:
        if isinstance(model_field, models.JSONField):
            return value if isinstance(value, str) else json.dumps(value)
        return model_field.get_db_prep_save(value, self.connection)

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        """Write the rows (inside the caller's transaction) and return how many there were."""
        written = 0
        quoted = ", ".join(self.connection.ops.quote_name(column) for column in self.columns)
        constants = tuple(self.constants)
        with self.connection.cursor() as cursor:
            if self.postgres:
                # Varying values are plain ints, strings, booleans and datetimes, which COPY takes as they are.
                with cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*row, *constants))
                        written += 1
                return written
            prepared = [
                (*(self._prepare(f, value) for f, value in zip(self.fields, row, strict=True)), *constants)
                for row in rows
            ]
            placeholders = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {self.table} ({quoted}) VALUES ({placeholders})", prepared)
            return len(prepared)
