"""Install `photogram_next_id()` on PostgreSQL; every TimeSortableIdField column depends on it."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from photogram.core.ids.sql import CREATE_NEXT_ID_FUNCTION, DROP_NEXT_ID_FUNCTION


def create_function(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_NEXT_ID_FUNCTION, params=None)


def drop_function(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NEXT_ID_FUNCTION, params=None)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_function, drop_function, elidable=False)]
