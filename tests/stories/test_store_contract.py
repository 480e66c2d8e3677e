"""The contract every story store keeps, run against each backend (Cassandra on the full profile only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from photogram.core.cassandra.connection import get_session
from photogram.core.ids import decode
from photogram.core.ids.generator import IdGenerator
from photogram.stories.stores import StoryRef, StoryStore, StoryView
from tests.support.eventually import soon

pytestmark = pytest.mark.django_db

# Fresh ids for every story and person: Cassandra keeps no transaction to roll back between tests (or runs).
_ids = IdGenerator()

BACKENDS = {
    "sql": "photogram.stories.stores.sql.SqlStoryStore",
    "cassandra": "photogram.stories.stores.cassandra.CassandraStoryStore",
}


def make_store(backend: str, **options: int) -> StoryStore:
    built: StoryStore = import_string(BACKENDS[backend])(**options)
    return built


@pytest.fixture(params=["sql", pytest.param("cassandra", marks=pytest.mark.full_only)])
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def store(backend: str) -> StoryStore:
    return make_store(backend)


def story(author_id: int, *, age: timedelta = timedelta(0), audience: str = "followers") -> StoryRef:
    story_id = _ids.next_id()
    # Cassandra keeps milliseconds, as the ids do: the store hands back exactly what it was given.
    return StoryRef(story_id, author_id, _ids.next_id(), audience, decode(story_id).created_at - age)


def now_ms() -> datetime:
    moment = timezone.now()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def test_a_story_comes_back_by_id_and_by_author_newest_first(store: StoryStore) -> None:
    author, other = _ids.next_id(), _ids.next_id()
    first, second = story(author), story(author, audience="close_friends")
    theirs = story(other)
    for added in (first, second, theirs):
        store.add(added)
    store.add(first)  # again: nothing changes
    assert store.get(first.id) == first
    assert store.get(second.id) == second
    assert store.get(_ids.next_id()) is None
    assert store.live_of([author, other, _ids.next_id()]) == {author: [second, first], other: [theirs]}
    assert store.live_of([]) == {}


def test_an_expired_story_is_never_returned(store: StoryStore) -> None:
    author = _ids.next_id()
    expired = story(author, age=timedelta(seconds=store.ttl_seconds + 5))
    live = story(author)
    store.add(expired)
    store.add(live)
    assert store.get(expired.id) is None
    assert store.live_of([author]) == {author: [live]}
    assert store.seen_among(_ids.next_id(), [expired.id]) == set()


def test_a_story_vanishes_when_its_short_ttl_runs_out(backend: str) -> None:
    store = make_store(backend, ttl_seconds=2)
    author, viewer = _ids.next_id(), _ids.next_id()
    brief = story(author)
    store.add(brief)
    assert store.mark_seen(viewer, brief, now_ms())
    assert store.get(brief.id) == brief
    assert soon(lambda: store.get(brief.id), None) is None
    assert store.live_of([author]) == {}
    assert store.seen_among(viewer, [brief.id]) == set()
    assert store.viewers(brief) == []


def test_seen_marks_are_per_viewer_per_story_and_the_first_look_counts(store: StoryStore) -> None:
    author, viewer, other = _ids.next_id(), _ids.next_id(), _ids.next_id()
    first, second = story(author), story(author)
    store.add(first)
    store.add(second)
    looked = now_ms()
    assert store.mark_seen(viewer, first, looked)
    assert not store.mark_seen(viewer, first, looked + timedelta(seconds=30))
    assert store.seen_among(viewer, [first.id, second.id]) == {first.id}
    assert store.seen_among(other, [first.id, second.id]) == set()
    assert store.seen_among(viewer, []) == set()
    later = looked + timedelta(seconds=5)
    assert store.mark_seen(other, first, later)
    assert store.viewers(first) == [StoryView(other, later), StoryView(viewer, looked)]
    assert store.viewers(second) == []


def test_a_removed_story_is_gone_with_its_viewers(store: StoryStore) -> None:
    author, viewer = _ids.next_id(), _ids.next_id()
    doomed, kept = story(author), story(author)
    store.add(doomed)
    store.add(kept)
    store.mark_seen(viewer, doomed, now_ms())
    store.remove(doomed)
    assert store.get(doomed.id) is None
    assert store.live_of([author]) == {author: [kept]}
    assert store.viewers(doomed) == []
    store.remove(doomed)  # again: nothing to do


def test_purge_deletes_only_what_expired(store: StoryStore) -> None:
    author = _ids.next_id()
    live = story(author)
    store.add(live)
    store.purge_expired(timezone.now())
    assert store.get(live.id) == live
    store.check()


@pytest.mark.embedded_only
def test_the_sql_purge_deletes_expired_rows() -> None:
    from photogram.stories.models import StoryRow, StoryViewRow

    store = make_store("sql")
    author, viewer = _ids.next_id(), _ids.next_id()
    old, live = story(author, age=timedelta(hours=25)), story(author)
    store.add(old)
    store.add(live)
    StoryViewRow.objects.create(
        story_id=old.id, viewer_id=viewer, seen_at=old.created_at, expires_at=store.expires_at(old)
    )
    assert store.purge_expired(timezone.now()) == 1
    assert list(StoryRow.objects.filter(author_id=author).values_list("id", flat=True)) == [live.id]
    assert not StoryViewRow.objects.filter(story_id=old.id).exists()


@pytest.mark.full_only
def test_cassandra_rows_carry_the_story_remaining_lifetime_as_ttl() -> None:
    store = make_store("cassandra", ttl_seconds=600)
    author, viewer = _ids.next_id(), _ids.next_id()
    added = story(author, age=timedelta(seconds=100))
    store.add(added)
    store.mark_seen(viewer, added, now_ms())
    keyspace = settings.CASSANDRA["KEYSPACE"]
    session = get_session()
    ttls = [
        session.execute(
            f"SELECT TTL(media_id) FROM {keyspace}.stories_by_author WHERE author_id = %s", (author,)
        ).one()[0],
        session.execute(f"SELECT TTL(media_id) FROM {keyspace}.stories_by_id WHERE id = %s", (added.id,)).one()[0],
        session.execute(f"SELECT TTL(seen_at) FROM {keyspace}.story_viewers WHERE story_id = %s", (added.id,)).one()[0],
    ]
    # The remaining 500 seconds, and the one second Cassandra may take off (stores/cassandra.py, `_ttl`).
    assert all(400 < ttl <= 501 for ttl in ttls), ttls
    assert datetime.now(UTC) < store.expires_at(added)
