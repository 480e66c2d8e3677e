"""Cached post bodies: never stale after any change to what a post shows, never poisoned by a rollback,
the same from every layer (this process, the Django cache, the database), and cheap when warm.

Transactional tests: bodies are kept only once the transaction that read them commits, as in production.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from photogram.accounts.models import User
from photogram.accounts.services import graph, moderation, profile
from photogram.api import entities
from photogram.api.serializers import status_bodies
from photogram.api.serializers.accounts import serialize_account
from photogram.api.serializers.media import serialize_media
from photogram.api.serializers.statuses import hydrate
from photogram.core import text
from photogram.core.counters.tracked import counts_of, counts_of_many
from photogram.media.models import MediaAttachment
from photogram.media.services import processing, upload
from photogram.posts.models import Status
from photogram.posts.services import editing, interactions, pins, publishing
from tests.media.images import camera_exif, textured
from tests.posts.helpers import post
from tests.support.api import make_user
from tests.support.processes import run_django

pytestmark = pytest.mark.django_db(transaction=True)

# Port 1 on loopback: nothing listens there, so every connection is refused at once.
DEAD_REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def another_process() -> Iterator[None]:
    """Start and end with this process's map of recent bodies empty, as in a process that just started."""
    status_bodies._recent.clear()
    yield
    status_bodies._recent.clear()


def _photo(owner: User, *, show_camera: bool = False) -> MediaAttachment:
    """Return an upload of a small JPEG with camera EXIF, made ready by the real pipeline."""
    encoded = io.BytesIO()
    textured((96, 64)).save(encoded, format="JPEG", exif=camera_exif())
    media = MediaAttachment.objects.create(
        owner=owner, original_content_type="image/jpeg", original_size=len(encoded.getvalue()), show_camera=show_camera
    )
    media.original.save(str(media.pk), ContentFile(encoded.getvalue()))
    processing.process(media.pk)
    media.refresh_from_db()
    assert media.state == MediaAttachment.State.READY
    return media


def _warm(status_ids: list[int], viewer: User | None, assert_queries: Any) -> list[entities.Status]:
    """Hydrate twice; the second time every body comes from this process (only the page's two queries)."""
    first = hydrate(status_ids, viewer)
    with assert_queries(2):
        again = hydrate(status_ids, viewer)
    assert again == first
    return first


def _one(status_id: int, viewer: User | None) -> entities.Status:
    [item] = hydrate([status_id], viewer)
    return item


def test_a_body_reads_the_same_from_the_database_the_django_cache_and_this_process(
    another_process: None, django_assert_num_queries: Any
) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = post(
        author, "#sunset with @viewer", photos=2, spoiler_text="sun", sensitive=True, location="Lisbon", language="en"
    )
    from_database = hydrate([status.pk], viewer)
    from_this_process = _warm([status.pk], viewer, django_assert_num_queries)
    status_bodies._recent.clear()
    with django_assert_num_queries(2):
        from_django_cache = hydrate([status.pk], viewer)
    assert from_database == from_this_process == from_django_cache
    [item] = from_database
    assert item["content"] == text.render("#sunset with @viewer")
    assert [tag["name"] for tag in item["tags"]] == ["sunset"]
    assert [mention["username"] for mention in item["mentions"]] == ["viewer"]
    assert (item["spoiler_text"], item["sensitive"], item["location"], item["language"]) == (
        "sun",
        True,
        {"name": "Lisbon"},
        "en",
    )


def test_the_parts_match_the_account_and_media_serializers_for_every_viewer(another_process: None) -> None:
    author, stranger = make_user("author", with_password=False), make_user("stranger", with_password=False)
    profile.update_profile(author, display_name="The Author", note="hello #there", website="https://example.org")
    photo = _photo(author)
    with_camera = publishing.publish(author, "from a camera", [photo.pk])
    without_camera = post(author, "from the helpers, no camera data", photos=1)
    plain = MediaAttachment.objects.get(status_link__status=without_camera)
    for viewer in (author, stranger, None):
        for item, media in ((_one(with_camera.pk, viewer), [photo]), (_one(without_camera.pk, viewer), [plain])):
            row = User.objects.get(pk=author.pk)
            assert item["account"] == serialize_account(row, counts_of(User, [author.pk])[author.pk])
            assert item["media_attachments"] == [serialize_media(one, viewer) for one in media]
            assert status_bodies.OWNER_ONLY_CAMERA not in item


def test_an_edited_caption_shows_at_once(another_process: None, django_assert_num_queries: Any) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = post(author, "before")
    assert _warm([status.pk], viewer, django_assert_num_queries)[0]["content"] == "<p>before</p>"
    editing.edit(author, status.pk, editing.Changes(caption="after #edit"))
    item = _one(status.pk, viewer)
    assert item["content"].startswith("<p>after ")
    assert [tag["name"] for tag in item["tags"]] == ["edit"]
    assert item["edited_at"] is not None
    # Only a change of language or of comments_enabled: no new version, still a new body.
    editing.edit(author, status.pk, editing.Changes(comments_enabled=False))
    assert _one(status.pk, viewer)["comments_enabled"] is False


def test_media_description_and_focus_show_at_once(another_process: None, django_assert_num_queries: Any) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = post(author, "with alt text", photos=2)
    [before] = _warm([status.pk], viewer, django_assert_num_queries)
    assert [media["description"] for media in before["media_attachments"]] == [None, None]
    second = MediaAttachment.objects.get(status_link__status=status, status_link__position=1)
    upload.update_details(second, description="a red door", focus="0.5,-0.25")
    after = _one(status.pk, viewer)["media_attachments"]
    assert [media["description"] for media in after] == [None, "a red door"]
    assert after[1]["meta"]["focus"] == {"x": 0.5, "y": -0.25}
    assert after[0] == before["media_attachments"][0]


def test_formats_added_after_processing_show_at_once(
    another_process: None, django_assert_num_queries: Any, settings: Any
) -> None:
    settings.MEDIA_FORMATS = {"immediate": ["webp", "jpeg"], "deferred": []}
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = publishing.publish(author, "a photo", [_photo(author).pk])
    [before] = _warm([status.pk], viewer, django_assert_num_queries)
    assert {rendition["format"] for rendition in before["media_attachments"][0]["renditions"]} == {"webp", "jpeg"}
    settings.MEDIA_FORMATS = {"immediate": ["webp", "jpeg"], "deferred": ["avif"]}
    processing.add_deferred_formats(int(before["media_attachments"][0]["id"]))
    renditions = _one(status.pk, viewer)["media_attachments"][0]["renditions"]
    assert {rendition["format"] for rendition in renditions} == {"webp", "jpeg", "avif"}


def test_the_authors_new_display_name_shows_at_once(another_process: None, django_assert_num_queries: Any) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = post(author)
    _warm([status.pk], viewer, django_assert_num_queries)
    profile.update_profile(author, display_name="Renamed", locked=True)
    graph.follow(viewer, author)  # a request: the account is locked now
    account = _one(status.pk, viewer)["account"]
    assert (account["display_name"], account["locked"]) == ("Renamed", True)


def test_a_suspended_authors_posts_disappear_and_come_back(
    another_process: None, django_assert_num_queries: Any
) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = post(author)
    _warm([status.pk], viewer, django_assert_num_queries)
    moderation.suspend(User.objects.filter(pk=author.pk))
    assert hydrate([status.pk], viewer) == []
    assert hydrate([status.pk], None) == []
    moderation.unsuspend(User.objects.filter(pk=author.pk))
    assert [item["id"] for item in hydrate([status.pk], viewer)] == [str(status.pk)]


def test_a_deleted_post_and_its_comments_disappear(another_process: None, django_assert_num_queries: Any) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status, other = post(author), post(author)
    comment = post(viewer, "nice", photos=0, in_reply_to_id=status.pk)
    page = [comment.pk, status.pk, other.pk]
    assert [int(item["id"]) for item in _warm(page, viewer, django_assert_num_queries)] == page
    publishing.delete(author, Status.objects.get(pk=status.pk))
    assert [int(item["id"]) for item in hydrate(page, viewer)] == [other.pk]


def test_the_viewers_likes_saves_and_pins_and_every_count_show_at_once(
    another_process: None, django_assert_num_queries: Any
) -> None:
    author, viewer, fan = (make_user(name, with_password=False) for name in ("author", "viewer", "fan"))
    status = post(author)
    [before] = _warm([status.pk], viewer, django_assert_num_queries)
    _warm([status.pk], author, django_assert_num_queries)
    assert (before["favourited"], before["bookmarked"], before["pinned"], before["favourites_count"]) == (
        False,
        False,
        False,
        0,
    )
    interactions.favourite(viewer, status.pk)
    interactions.bookmark(viewer, status.pk)
    interactions.favourite(fan, status.pk)
    pins.pin(author, status.pk)
    post(fan, "a comment", photos=0, in_reply_to_id=status.pk)
    graph.follow(fan, author)
    seen = _one(status.pk, viewer)
    assert (seen["favourited"], seen["bookmarked"], seen["pinned"]) == (True, True, True)
    assert (seen["favourites_count"], seen["replies_count"], seen["saves_count"]) == (2, 1, None)
    assert seen["account"]["followers_count"] == 1
    own = _one(status.pk, author)
    assert (own["favourited"], own["bookmarked"], own["saves_count"]) == (False, False, 1)
    interactions.unfavourite(viewer, status.pk)
    interactions.unbookmark(viewer, status.pk)
    seen = _one(status.pk, viewer)
    assert (seen["favourited"], seen["bookmarked"], seen["favourites_count"]) == (False, False, 1)


def test_a_deleted_account_leaves_the_mentions_and_answers_of_others_at_once(
    another_process: None, django_assert_num_queries: Any
) -> None:
    author, viewer, leaving = (make_user(name, with_password=False) for name in ("author", "viewer", "leaving"))
    status = post(author, "with @leaving and @viewer")
    answered = post(leaving, "first!", photos=0, in_reply_to_id=status.pk)
    answer = post(viewer, "@leaving indeed", photos=0, in_reply_to_id=answered.pk)
    before, reply = _warm([status.pk, answer.pk], viewer, django_assert_num_queries)
    assert sorted(mention["username"] for mention in before["mentions"]) == ["leaving", "viewer"]
    assert (reply["in_reply_to_id"], reply["in_reply_to_account_id"]) == (str(status.pk), str(leaving.pk))
    profile.delete_account(leaving)
    after, reply = hydrate([status.pk, answer.pk], viewer)
    assert [mention["username"] for mention in after["mentions"]] == ["viewer"]
    assert (reply["in_reply_to_id"], reply["in_reply_to_account_id"], reply["mentions"]) == (str(status.pk), None, [])


def test_a_rolled_back_edit_leaves_nothing_behind(another_process: None, django_assert_num_queries: Any) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    status = post(author, "published")
    _warm([status.pk], viewer, django_assert_num_queries)

    class Abandoned(Exception):
        pass

    def edit_then_fail() -> None:
        with transaction.atomic():
            editing.edit(author, status.pk, editing.Changes(caption="never committed"))
            # Read inside the transaction: the body a careless cache would keep under the new revision.
            assert _one(status.pk, viewer)["content"] == "<p>never committed</p>"
            assert _one(status.pk, author)["content"] == "<p>never committed</p>"
            raise Abandoned

    with pytest.raises(Abandoned):
        edit_then_fail()
    assert _one(status.pk, viewer)["content"] == "<p>published</p>"
    editing.edit(author, status.pk, editing.Changes(caption="committed"))  # takes the same revision number
    assert Status.objects.get(pk=status.pk).revision == 1
    assert _one(status.pk, viewer)["content"] == "<p>committed</p>"
    status_bodies._recent.clear()  # and from the Django cache
    assert _one(status.pk, viewer)["content"] == "<p>committed</p>"


def test_camera_details_show_to_the_author_only_unless_shared(another_process: None) -> None:
    author, stranger = make_user("author", with_password=False), make_user("stranger", with_password=False)
    private, shared = _photo(author), _photo(author, show_camera=True)
    assert private.camera
    status = publishing.publish(author, "two photos", [private.pk, shared.pk])

    def cameras(viewer: User | None) -> list[Any]:
        return [media["camera"] for media in _one(status.pk, viewer)["media_attachments"]]

    # Whoever reads first makes the body the others read: each order, from cold.
    for order in ((stranger, author, None, author, stranger), (author, stranger, author, None)):
        status_bodies._recent.clear()
        editing.edit(author, status.pk, editing.Changes(language=f"x{len(order)}"))  # a new revision: cold
        for viewer in order:
            expected = [private.camera, shared.camera] if viewer == author else [None, shared.camera]
            assert cameras(viewer) == expected, viewer


@pytest.mark.parametrize("count", [1, 20, 40])
def test_a_cold_page_takes_the_same_queries_whatever_its_length(
    count: int, another_process: None, django_assert_num_queries: Any
) -> None:
    viewer = make_user("viewer", with_password=False)
    authors = [make_user(f"author{n}", with_password=False) for n in range(3)]
    ids = [post(authors[n % 3], f"#day{n} with @viewer", photos=2).pk for n in range(count)]
    counts_of_many({Status: ids, User: [author.pk for author in authors]})  # the counts warm: bodies only
    # The page's facts and authors; the posts' rows and their media, mentions and tags.
    with django_assert_num_queries(6):
        hydrated = hydrate(ids, viewer)
    assert [item["id"] for item in hydrated] == [str(pk) for pk in ids]
    assert all(len(item["media_attachments"]) == 2 and len(item["mentions"]) == 1 for item in hydrated)


def test_a_warm_page_of_twenty_takes_two_queries(another_process: None, django_assert_num_queries: Any) -> None:
    viewer = make_user("viewer", with_password=False)
    authors = [make_user(f"author{n}", with_password=False) for n in range(4)]
    graph.follow(viewer, authors[0])
    ids = [post(authors[n % 4], f"post {n}", visibility=["public", "private"][n % 2]).pk for n in range(20)]
    # authors[0] writes posts 0, 4, 8 ...: all even, all public or followed; the other private ones are hidden.
    visible = [pk for n, pk in enumerate(ids) if n % 2 == 0]
    hydrate(ids, viewer)
    with django_assert_num_queries(2):
        hydrated = hydrate(ids, viewer)
    assert [int(item["id"]) for item in hydrated] == visible


@pytest.mark.full_only
def test_with_the_cache_down_bodies_come_from_the_database(
    another_process: None, settings: Any, caplog: pytest.LogCaptureFixture, django_assert_num_queries: Any
) -> None:
    author, viewer = make_user("author", with_password=False), make_user("viewer", with_password=False)
    first, second = post(author, "first #one with @viewer"), post(author, "second", photos=3)
    expected = hydrate([first.pk, second.pk], viewer)  # with Redis up
    settings.CACHES = DEAD_REDIS_CACHE
    status_bodies._recent.clear()
    with caplog.at_level(logging.WARNING, logger="photogram.api.serializers.status_bodies"):
        assert hydrate([first.pk, second.pk], viewer) == expected
    assert "cache unavailable" in caplog.text
    editing.edit(author, first.pk, editing.Changes(caption="first, edited"))
    edited = hydrate([first.pk, second.pk], viewer)
    assert edited[0]["content"] == "<p>first, edited</p>"
    assert edited[1] == expected[1]
    # What this process read is kept in it even though the cache took nothing.
    with django_assert_num_queries(2):
        assert hydrate([first.pk, second.pk], viewer) == edited


def test_every_process_looks_bodies_up_under_the_same_keys() -> None:
    # Python salts str hashes per process: keys built from hash() would never find another process's entries.
    code = "from photogram.api.serializers import status_bodies; print(status_bodies._key(1, 2))"
    keys = set()
    for seed in ("1", "2"):
        started = run_django(code, PYTHONHASHSEED=seed)
        assert started.returncode == 0, started.stderr
        keys.add(started.stdout.strip())
    assert keys == {status_bodies._key(1, 2)}
