"""Stories end: their files are deleted when they expire, unless a highlight keeps them, on both profiles.

Expiry is tested with a two-second lifetime (the store's `ttl_seconds` option), not by waiting a day.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.files.storage import default_storage

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.media.models import MediaAttachment
from photogram.stories.services import files
from photogram.stories.stores import story_stores
from tests.stories.media import ready_photo
from tests.support.api import as_user, make_user
from tests.support.eventually import soon

pytestmark = pytest.mark.django_db

STORIES = "/api/photogram/v1/stories"
HIGHLIGHTS = "/api/photogram/v1/highlights"
OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def short_lived(settings: Any) -> None:
    """Stories that live two seconds."""
    entry = dict(settings.STORIES["default"])
    settings.STORIES = {"default": {**entry, "OPTIONS": {**entry.get("OPTIONS", {}), "ttl_seconds": 2}}}


def post(author: User) -> tuple[str, MediaAttachment, list[str]]:
    media = ready_photo(author)
    response = as_user(author).post(STORIES, {"media_id": str(media.pk)})
    assert response.status_code == 200, response.content
    media.refresh_from_db()
    paths = [entry["path"] for formats in media.renditions.values() for entry in formats.values()]
    assert paths
    assert all(default_storage.exists(path) for path in paths)
    return response.json()["id"], media, paths


def expire(on_commit: OnCommit, story_ids: list[str]) -> int:
    """Wait for the stories' two seconds to pass, then run the expiry (its file deletions run on commit)."""
    store = story_stores.default

    def live() -> list[int]:
        return [int(story_id) for story_id in story_ids if store.get(int(story_id)) is not None]

    nothing: list[int] = []
    assert soon(live, nothing) == []
    with on_commit(execute=True):
        return files.expire_stories()


@pytest.mark.usefixtures("short_lived")
def test_an_expired_story_is_gone_with_its_files(django_capture_on_commit_callbacks: OnCommit) -> None:
    author, reader = make_user("author"), make_user("reader")
    graph.follow(reader, author)
    story_id, media, paths = post(author)
    assert len(as_user(reader).get(f"{STORIES}/tray").json()) == 1
    assert expire(django_capture_on_commit_callbacks, [story_id]) >= 1
    assert as_user(reader).get(f"{STORIES}/{story_id}").status_code == 404
    assert as_user(reader).get(f"{STORIES}/tray").json() == []
    assert not MediaAttachment.objects.filter(pk=media.pk).exists()
    assert not any(default_storage.exists(path) for path in paths)
    assert not media.original.storage.exists(media.original.name)


@pytest.mark.usefixtures("short_lived")
def test_a_highlighted_story_keeps_its_files_after_it_expires(django_capture_on_commit_callbacks: OnCommit) -> None:
    author, reader = make_user("author"), make_user("reader")
    kept_id, kept, kept_paths = post(author)
    gone_id, gone, gone_paths = post(author)
    made = as_user(author).post(HIGHLIGHTS, {"title": "Summer", "story_ids[]": [kept_id]})
    assert made.status_code == 200, made.content
    highlight = made.json()
    assert [item["story_id"] for item in highlight["items"]] == [kept_id]
    expire(django_capture_on_commit_callbacks, [kept_id, gone_id])
    assert all(default_storage.exists(path) for path in kept_paths)
    assert not any(default_storage.exists(path) for path in gone_paths)
    assert not MediaAttachment.objects.filter(pk=gone.pk).exists()
    shown = as_user(reader).get(f"/api/photogram/v1/accounts/{author.pk}/highlights").json()
    assert [(row["title"], [item["story_id"] for item in row["items"]]) for row in shown] == [("Summer", [kept_id])]
    assert shown[0]["items"][0]["media_attachment"]["url"] is not None
    # Taken out of its last highlight, an expired story's files go.
    with django_capture_on_commit_callbacks(execute=True):
        removed = as_user(author).delete(f"{HIGHLIGHTS}/{highlight['id']}/stories/{kept_id}")
    assert removed.status_code == 200
    assert removed.json()["items"] == []
    assert not any(default_storage.exists(path) for path in kept_paths)
    assert not MediaAttachment.objects.filter(pk=kept.pk).exists()


def test_deleting_a_highlight_keeps_live_stories_files(django_capture_on_commit_callbacks: OnCommit) -> None:
    author = make_user("author")
    story_id, _, paths = post(author)
    client = as_user(author)
    highlight = client.post(HIGHLIGHTS, {"title": "Trip", "story_ids[]": [story_id]}).json()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{HIGHLIGHTS}/{highlight['id']}").status_code == 200
    assert client.get(f"{HIGHLIGHTS}/{highlight['id']}").status_code == 404
    # The story still lives: its upload is its own until it expires.
    assert all(default_storage.exists(path) for path in paths)
    assert client.get(f"{STORIES}/{story_id}").status_code == 200


def test_highlights_are_ordered_renamed_and_refuse_what_is_not_ones_live_story() -> None:
    author, other = make_user("author"), make_user("other")
    first_id, _, _ = post(author)
    second_id, _, _ = post(author)
    theirs_id, _, _ = post(other)
    client = as_user(author)
    first = client.post(HIGHLIGHTS, {"title": "One", "story_ids[]": [first_id]}).json()
    second = client.post(HIGHLIGHTS, {"title": "Two", "story_ids[]": [second_id, first_id]}).json()
    assert [item["story_id"] for item in second["items"]] == [second_id, first_id]
    moved = client.patch(f"{HIGHLIGHTS}/{second['id']}", {"position": 1, "title": "Deux"})
    assert moved.status_code == 200, moved.content
    listed = client.get(f"/api/photogram/v1/accounts/{author.pk}/highlights").json()
    assert [(row["title"], row["position"]) for row in listed] == [("Deux", 1), ("One", 2)]
    added = client.post(f"{HIGHLIGHTS}/{first['id']}/stories", {"story_id": second_id})
    assert [item["story_id"] for item in added.json()["items"]] == [first_id, second_id]
    refused = client.post(f"{HIGHLIGHTS}/{first['id']}/stories", {"story_id": theirs_id})
    assert refused.status_code == 422
    assert "No live story" in refused.json()["error"]
    assert client.post(HIGHLIGHTS, {"title": "  ", "story_ids[]": [first_id]}).status_code == 422
    assert client.post(HIGHLIGHTS, {"title": "Empty"}).status_code == 422
    # Another's highlight looks like none.
    assert as_user(other).get(f"{HIGHLIGHTS}/{first['id']}").status_code == 404
    assert as_user(other).delete(f"{HIGHLIGHTS}/{first['id']}").status_code == 404


def test_highlights_follow_the_profile_and_close_friends_rules() -> None:
    author = make_user("author", locked=True)
    follower, friend, stranger = make_user("follower"), make_user("friend"), make_user("stranger")
    for reader in (follower, friend):
        graph.follow(reader, author)
        graph.authorize_follow_request(author, reader.pk)
    client = as_user(author)
    client.post(f"{STORIES}/close_friends", {"account_ids[]": [str(friend.pk)]})
    open_id, _, _ = post(author)
    media = ready_photo(author)
    close_id = client.post(STORIES, {"media_id": str(media.pk), "audience": "close_friends"}).json()["id"]
    client.post(HIGHLIGHTS, {"title": "All", "story_ids[]": [open_id, close_id]})

    def seen_by(reader: User) -> list[list[str]]:
        rows = as_user(reader).get(f"/api/photogram/v1/accounts/{author.pk}/highlights").json()
        return [[item["story_id"] for item in row["items"]] for row in rows]

    assert seen_by(friend) == [[open_id, close_id]]
    assert seen_by(follower) == [[open_id]]
    assert seen_by(stranger) == []
    graph.block(author, friend)
    assert as_user(friend).get(f"/api/photogram/v1/accounts/{author.pk}/highlights").status_code == 404


def test_an_account_with_highlights_can_be_deleted() -> None:
    author = make_user("author")
    story_id, media, _ = post(author)
    as_user(author).post(HIGHLIGHTS, {"title": "Mine", "story_ids[]": [story_id]})
    author.delete()
    assert not MediaAttachment.objects.filter(pk=media.pk).exists()
