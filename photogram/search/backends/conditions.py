"""`Condition`: a boolean SQL fragment over columns the ORM names, so engine syntax composes with querysets."""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, F, Func
from django.db.models.sql.compiler import SQLCompiler


class Condition(Func):
    """`template` with `{0}`, `{1}` ... where the columns go, and `%s` for `params` after them.

    The columns are compiled by the ORM (so table aliases stay right inside joins and subqueries); only the
    operators the ORM cannot spell (`@@`, `<%`, `MATCH`, byte-wise ranges) are written here.
    """

    output_field = BooleanField()

    def __init__(self, template: str, *columns: str, params: tuple[Any, ...] = ()) -> None:
        super().__init__(*(F(column) for column in columns))
        self.condition = template
        self.condition_params = params

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        sql = self.condition.format(*(column_sql for column_sql, _ in compiled))
        params = [param for _, column_params in compiled for param in column_params]
        return f"({sql})", [*params, *self.condition_params]
