"""Stories through the API: posting, the tray and its order, seen marks, viewers, and who may see what."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core.files.storage import default_storage

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.media.models import MediaAttachment
from photogram.media.services import processing
from tests.stories.media import ready_photo, ready_video
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db

STORIES = "/api/photogram/v1/stories"


def post_story(author: User, audience: str = "followers", media: MediaAttachment | None = None) -> dict[str, Any]:
    upload = media or ready_photo(author)
    response = as_user(author).post(STORIES, {"media_id": str(upload.pk), "audience": audience})
    assert response.status_code == 200, response.content
    story: dict[str, Any] = response.json()
    return story


def follow(follower: User, followee: User) -> None:
    graph.follow(follower, followee)
    if followee.locked:
        graph.authorize_follow_request(followee, follower.pk)


def tray_of(client: ApiClient) -> list[tuple[str, bool, list[str]]]:
    response = client.get(f"{STORIES}/tray")
    assert response.status_code == 200, response.content
    return [
        (entry["account"]["username"], entry["has_unseen"], [story["id"] for story in entry["stories"]])
        for entry in response.json()
    ]


def viewer_names(author: User, story_id: str) -> list[str]:
    response = as_user(author).get(f"{STORIES}/{story_id}/viewers")
    assert response.status_code == 200, response.content
    return [view["account"]["username"] for view in response.json()]


def test_a_posted_story_is_in_the_followers_tray_until_seen() -> None:
    author, reader = make_user("author"), make_user("reader")
    follow(reader, author)
    story = post_story(author)
    assert story["audience"] == "followers"
    assert story["account"]["username"] == "author"
    assert story["media_attachment"]["type"] == "image"
    assert story["seen"] is False
    client = as_user(reader)
    assert tray_of(client) == [("author", True, [story["id"]])]
    seen = client.post(f"{STORIES}/{story['id']}/seen")
    assert seen.status_code == 200
    assert seen.json()["seen"] is True
    assert tray_of(client) == [("author", False, [story["id"]])]
    assert client.get(f"{STORIES}/{story['id']}").json()["seen"] is True
    # A second look keeps the first one's time; the author's own looks are not counted.
    client.post(f"{STORIES}/{story['id']}/seen")
    as_user(author).post(f"{STORIES}/{story['id']}/seen")
    assert viewer_names(author, story["id"]) == ["reader"]
    # Nobody else's tray has it.
    assert tray_of(as_user(make_user("stranger"))) == []


def test_the_tray_puts_unseen_first_then_the_most_recent() -> None:
    reader = make_user("reader")
    older, seen, newest = make_user("older"), make_user("seen"), make_user("newest")
    for author in (older, seen, newest):
        follow(reader, author)
    older_story = post_story(older)
    first_seen = post_story(seen)
    second_seen = post_story(seen)
    newest_story = post_story(newest)
    client = as_user(reader)
    for story in (first_seen, second_seen):
        client.post(f"{STORIES}/{story['id']}/seen")
    assert tray_of(client) == [
        ("newest", True, [newest_story["id"]]),
        ("older", True, [older_story["id"]]),
        ("seen", False, [first_seen["id"], second_seen["id"]]),
    ]
    # One new story makes an account unseen again, and its stories play oldest first.
    third = post_story(seen)
    assert tray_of(client)[0] == ("seen", True, [first_seen["id"], second_seen["id"], third["id"]])


def test_a_private_account_shows_its_stories_to_approved_followers_only() -> None:
    author = make_user("private", locked=True)
    approved, pending = make_user("approved"), make_user("pending")
    follow(approved, author)
    graph.follow(pending, author)  # a request, not yet approved
    story = post_story(author)
    assert tray_of(as_user(approved)) == [("private", True, [story["id"]])]
    for outsider in (pending, make_user("stranger")):
        client = as_user(outsider)
        assert tray_of(client) == []
        assert client.get(f"{STORIES}/{story['id']}").status_code == 404
        assert client.post(f"{STORIES}/{story['id']}/seen").status_code == 404
        assert client.get(f"/api/photogram/v1/accounts/{author.pk}/stories").json() == []
    # Looking where one may not records nothing.
    assert viewer_names(author, story["id"]) == []


def test_a_public_account_shows_its_stories_to_anyone_who_may_see_it() -> None:
    author = make_user("public")
    story = post_story(author)
    stranger = as_user(make_user("stranger"))
    assert stranger.get(f"{STORIES}/{story['id']}").status_code == 200
    assert [item["id"] for item in stranger.get(f"/api/photogram/v1/accounts/{author.pk}/stories").json()] == [
        story["id"]
    ]
    assert tray_of(stranger) == []  # the tray is for the accounts one follows


@pytest.mark.parametrize("who_blocks", ["author", "reader"])
def test_a_block_either_way_hides_stories_everywhere(who_blocks: str) -> None:
    author, reader = make_user("author"), make_user("reader")
    follow(reader, author)
    story = post_story(author)
    as_user(reader).post(f"{STORIES}/{story['id']}/seen")
    if who_blocks == "author":
        graph.block(author, reader)
    else:
        graph.block(reader, author)
    client = as_user(reader)
    assert tray_of(client) == []
    assert client.get(f"{STORIES}/{story['id']}").status_code == 404
    assert client.post(f"{STORIES}/{story['id']}/seen").status_code == 404
    assert client.get(f"/api/photogram/v1/accounts/{author.pk}/stories").status_code == 404


def test_a_muted_account_is_left_out_of_the_tray_but_its_stories_still_open() -> None:
    author, reader = make_user("author"), make_user("reader")
    follow(reader, author)
    story = post_story(author)
    graph.mute(reader, author)
    client = as_user(reader)
    assert tray_of(client) == []
    assert client.get(f"{STORIES}/{story['id']}").status_code == 200
    assert len(client.get(f"/api/photogram/v1/accounts/{author.pk}/stories").json()) == 1


def test_close_friends_stories_reach_close_friends_only() -> None:
    author, friend, follower = make_user("author"), make_user("friend"), make_user("follower")
    follow(friend, author)
    follow(follower, author)
    owner = as_user(author)
    added = owner.post(f"{STORIES}/close_friends", {"account_ids[]": [str(friend.pk)]})
    assert added.status_code == 200, added.content
    assert [account["username"] for account in added.json()] == ["friend"]
    everyone = post_story(author)
    close = post_story(author, audience="close_friends")
    assert close["audience"] == "close_friends"
    assert tray_of(as_user(friend)) == [("author", True, [everyone["id"], close["id"]])]
    assert tray_of(as_user(follower)) == [("author", True, [everyone["id"]])]
    assert as_user(follower).get(f"{STORIES}/{close['id']}").status_code == 404
    # Off the list, off the story.
    removed = owner.delete(f"{STORIES}/close_friends?account_ids[]={friend.pk}")
    assert removed.status_code == 200, removed.content
    assert removed.json() == []
    assert as_user(friend).get(f"{STORIES}/{close['id']}").status_code == 404
    assert owner.get(f"{STORIES}/close_friends").json() == []


def test_close_friends_refuses_oneself_and_unknown_accounts() -> None:
    author = make_user("author")
    owner = as_user(author)
    assert owner.post(f"{STORIES}/close_friends", {"account_ids[]": [str(author.pk)]}).status_code == 422
    blocker = make_user("blocker")
    graph.block(blocker, author)
    refused = owner.post(f"{STORIES}/close_friends", {"account_ids[]": [str(blocker.pk)]})
    assert refused.status_code == 422
    assert "No account" in refused.json()["error"]


def test_viewers_are_the_authors_to_see_only() -> None:
    author, reader, later_blocker = make_user("author"), make_user("reader"), make_user("later_blocker")
    story = post_story(author)
    as_user(reader).post(f"{STORIES}/{story['id']}/seen")
    as_user(later_blocker).post(f"{STORIES}/{story['id']}/seen")
    assert sorted(viewer_names(author, story["id"])) == ["later_blocker", "reader"]
    graph.block(later_blocker, author)
    assert viewer_names(author, story["id"]) == ["reader"]
    assert as_user(reader).get(f"{STORIES}/{story['id']}/viewers").status_code == 404
    assert as_user(reader).delete(f"{STORIES}/{story['id']}").status_code == 404


def test_an_author_takes_a_story_down_and_its_files_go(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    author = make_user("author")
    story = post_story(author)
    media = MediaAttachment.objects.get(pk=story["media_attachment"]["id"])
    paths = [entry["path"] for formats in media.renditions.values() for entry in formats.values()]
    assert paths
    with django_capture_on_commit_callbacks(execute=True):
        taken_down = as_user(author).delete(f"{STORIES}/{story['id']}")
    assert taken_down.status_code == 200
    assert as_user(author).get(f"{STORIES}/{story['id']}").status_code == 404
    assert not MediaAttachment.objects.filter(pk=media.pk).exists()
    assert not any(default_storage.exists(path) for path in paths)


def test_a_video_over_a_minute_is_refused_with_the_reason() -> None:
    author = make_user("author")
    long_video = ready_video(author, seconds=61)
    assert long_video.state == MediaAttachment.State.READY
    response = as_user(author).post(STORIES, {"media_id": str(long_video.pk)})
    assert response.status_code == 422
    assert "at most 60 seconds" in response.json()["error"]
    # Nothing was taken: the upload is free for a post.
    assert MediaAttachment.objects.get(pk=long_video.pk).attached_at is None


def test_bad_uploads_and_audiences_are_refused() -> None:
    author, other = make_user("author"), make_user("other")
    client = as_user(author)
    theirs = ready_photo(other)
    assert client.post(STORIES, {"media_id": str(theirs.pk)}).status_code == 404
    assert client.post(STORIES, {"media_id": "12345"}).status_code == 404
    mine = ready_photo(author)
    assert client.post(STORIES, {"media_id": str(mine.pk), "audience": "everyone"}).status_code == 422
    pending = ready_photo(author)
    MediaAttachment.objects.filter(pk=pending.pk).update(state=MediaAttachment.State.PENDING)
    assert "still being processed" in client.post(STORIES, {"media_id": str(pending.pk)}).json()["error"]
    post_story(author, media=mine)
    again = client.post(STORIES, {"media_id": str(mine.pk)})
    assert again.status_code == 422
    assert "already used" in again.json()["error"]
    assert client.get(f"{STORIES}/99999").status_code == 404
    assert client.get(f"{STORIES}/not-an-id").status_code == 404


def test_a_story_is_shown_in_a_vertical_9_16_rendition() -> None:
    author = make_user("author")
    story = post_story(author, media=ready_photo(author, (1600, 900)))
    assert story["vertical_url"] is None  # made by a task after the commit
    processing.add_vertical_rendition(int(story["media_attachment"]["id"]))
    shown = as_user(author).get(f"{STORIES}/{story['id']}").json()
    assert shown["vertical_url"] is not None
    media = MediaAttachment.objects.get(pk=story["media_attachment"]["id"])
    for entry in media.renditions["vertical"].values():
        assert entry["width"] * 16 == entry["height"] * 9
        assert default_storage.exists(entry["path"])
    # The full height of the landscape source, never upscaled to 1920.
    assert media.renditions["vertical"]["webp"]["height"] == media.renditions["1080"]["webp"]["height"]


def test_a_video_story_gets_a_vertical_mp4() -> None:
    author = make_user("author")
    video = ready_video(author, seconds=2, size="640x360")
    story = post_story(author, media=video)
    processing.add_vertical_rendition(video.pk)
    vertical = MediaAttachment.objects.get(pk=video.pk).renditions["vertical"]["mp4"]
    assert (vertical["width"], vertical["height"]) == (202, 358)
    assert as_user(author).get(f"{STORIES}/{story['id']}").json()["vertical_url"].endswith(".mp4")


def test_a_story_upload_cannot_go_into_a_post_or_an_edit() -> None:
    author = make_user("author")
    story = post_story(author)
    media_id = story["media_attachment"]["id"]
    client = as_user(author)
    created = client.post("/api/v1/statuses", {"status": "again", "media_ids[]": [media_id]})
    assert created.status_code == 422
    assert "already attached" in created.json()["error"]
    existing = client.post("/api/v1/statuses", {"status": "mine", "media_ids[]": [str(ready_photo(author).pk)]})
    assert existing.status_code == 200, existing.content
    edited = client.put(f"/api/v1/statuses/{existing.json()['id']}", {"status": "mine", "media_ids": [media_id]})
    assert edited.status_code == 422
    assert "already attached" in edited.json()["error"]
