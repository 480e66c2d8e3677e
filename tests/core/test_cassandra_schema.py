from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from photogram.core.cassandra.connection import consistency_level, get_session, replication_options
from photogram.core.cassandra.schema import SchemaError, applied_migrations, migrate, migrations_in


def test_replication_settings_are_parsed() -> None:
    assert replication_options("SimpleStrategy:1") == {"class": "SimpleStrategy", "replication_factor": 1}
    assert replication_options("NetworkTopologyStrategy:dc1=3,dc2=2") == {
        "class": "NetworkTopologyStrategy",
        "dc1": 3,
        "dc2": 2,
    }
    for bad in ["SimpleStrategy", "SimpleStrategy:x", "NetworkTopologyStrategy:dc1", "Everywhere:3"]:
        with pytest.raises(ImproperlyConfigured, match="PHOTOGRAM_CASSANDRA_REPLICATION"):
            replication_options(bad)


def test_consistency_levels_are_named() -> None:
    assert consistency_level("local_quorum") != consistency_level("ONE")
    with pytest.raises(ImproperlyConfigured, match="MOSTLY"):
        consistency_level("MOSTLY")


def test_misnamed_cql_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "1_tables.cql").write_text("SELECT now() FROM system.local;")
    with pytest.raises(SchemaError, match="NNNN_lower_case_name"):
        list(migrations_in("demo", tmp_path))


@pytest.fixture
def keyspace() -> Iterator[str]:
    name = "photogram_schema_test"
    session = get_session()
    session.execute(f"DROP KEYSPACE IF EXISTS {name}")
    yield name
    session.execute(f"DROP KEYSPACE IF EXISTS {name}")


@pytest.mark.full_only
def test_cql_files_apply_once_in_order_and_edits_are_refused(tmp_path: Path, keyspace: str) -> None:
    session = get_session()
    (tmp_path / "0001_boxes.cql").write_text(
        "-- a first table\n"
        "CREATE TABLE IF NOT EXISTS {keyspace}.boxes (\n"
        "  owner_id bigint, item_id bigint, PRIMARY KEY (owner_id, item_id))\n"
        "  WITH CLUSTERING ORDER BY (item_id DESC);\n"
        "INSERT INTO {keyspace}.boxes (owner_id, item_id) VALUES (1, 10);\n"
    )
    (tmp_path / "0002_more.cql").write_text("ALTER TABLE {keyspace}.boxes ADD label text;\n")
    files = list(migrations_in("demo", tmp_path))

    applied = migrate(session, keyspace, "SimpleStrategy:1", files)
    assert [migration.name for migration in applied] == ["0001_boxes", "0002_more"]
    assert migrate(session, keyspace, "SimpleStrategy:1", files) == []
    row = session.execute(f"SELECT item_id, label FROM {keyspace}.boxes WHERE owner_id = 1").one()
    assert (row.item_id, row.label) == (10, None)
    assert set(applied_migrations(session, keyspace)) == {("demo", "0001_boxes"), ("demo", "0002_more")}
    replication = session.cluster.metadata.keyspaces[keyspace].replication_strategy
    assert "SimpleStrategy" in type(replication).__name__

    (tmp_path / "0001_boxes.cql").write_text("CREATE TABLE IF NOT EXISTS {keyspace}.other (id int PRIMARY KEY);\n")
    with pytest.raises(SchemaError, match="changed after it was applied"):
        migrate(session, keyspace, "SimpleStrategy:1", list(migrations_in("demo", tmp_path)))


@pytest.mark.full_only
def test_cassandra_migrate_command_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("cassandra_migrate")
    call_command("cassandra_migrate")
    assert "0 applied" in capsys.readouterr().out
    call_command("cassandra_migrate", "--list")
