"""Ids as the database makes them: PostgreSQL's photogram_next_id() on full, Python on embedded."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, connection, connections

from photogram.accounts.models import User
from photogram.core.ids import decode
from photogram.core.ids.generator import default_generator


def _assert_recent(object_id: int) -> None:
    made_at = decode(object_id).created_at
    assert datetime.now(UTC) - timedelta(seconds=30) < made_at <= datetime.now(UTC) + timedelta(seconds=1)


@pytest.mark.django_db
def test_saved_rows_get_time_sortable_ids() -> None:
    first = User.objects.create(username="ada")
    second = User.objects.create(username="grace")
    _assert_recent(first.id)
    assert second.id > first.id
    assert User.objects.get(pk=first.id).username == "ada"


@pytest.mark.django_db
def test_bulk_created_rows_get_ids_read_back() -> None:
    users = User.objects.bulk_create([User(username=f"bulk{n}") for n in range(50)])
    ids = [user.id for user in users]
    assert all(isinstance(made, int) for made in ids)
    assert len(set(ids)) == 50
    assert set(User.objects.values_list("id", flat=True)) == set(ids)


@pytest.mark.full_only
@pytest.mark.django_db
def test_postgres_and_python_ids_decode_to_the_same_time_and_shard() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT photogram_next_id(4321), clock_timestamp()")
        database_id, database_now = cursor.fetchone()
    python_id = default_generator.next_id(4321)
    from_database, from_python = decode(database_id), decode(python_id)
    assert from_database.shard == from_python.shard == 4321
    assert abs(from_database.created_at - database_now) < timedelta(milliseconds=2)
    assert abs(from_database.created_at - from_python.created_at) < timedelta(seconds=1)


@pytest.mark.full_only
@pytest.mark.django_db
def test_postgres_refuses_a_shard_out_of_range() -> None:
    with pytest.raises(DatabaseError, match=r"outside 0\.\.8191"), connection.cursor() as cursor:
        cursor.execute("SELECT photogram_next_id(8192)")


@pytest.mark.full_only
@pytest.mark.django_db
def test_postgres_column_default_makes_ids_for_rows_inserted_by_hand() -> None:
    follower = User.objects.create(username="by_hand_follower")
    followee = User.objects.create(username="by_hand_followee")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_follow (follower_id, followee_id) VALUES (%s, %s) RETURNING id",
            [follower.id, followee.id],
        )
        (made,) = cursor.fetchone()
    _assert_recent(made)


@pytest.mark.full_only
@pytest.mark.django_db(transaction=True)
def test_no_collision_under_concurrent_inserts_on_several_connections() -> None:
    per_thread, threads_count = 300, 6
    made: list[list[int]] = [[] for _ in range(threads_count)]
    errors: list[BaseException] = []

    def insert(bucket: list[int], thread_number: int) -> None:
        try:
            with connections["default"].cursor() as cursor:
                for n in range(per_thread):
                    cursor.execute("SELECT photogram_next_id(%s)", [(thread_number + n) % 3])
                    bucket.append(cursor.fetchone()[0])
            users = User.objects.bulk_create([User(username=f"t{thread_number}-{n}") for n in range(per_thread)])
            bucket.extend(user.id for user in users)
        except BaseException as error:
            errors.append(error)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=insert, args=(made[n], n)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    everything = [value for bucket in made for value in bucket]
    assert len(everything) == per_thread * threads_count * 2
    assert len(set(everything)) == len(everything)
    assert User.objects.count() == per_thread * threads_count
