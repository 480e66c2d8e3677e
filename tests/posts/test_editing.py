"""Editing posts: what changes, the history kept, the source, and the refusals."""

from __future__ import annotations

import pytest

from photogram.media.models import MediaAttachment
from photogram.posts.models import Mention, StatusEdit, StatusTag
from tests.posts.helpers import media, post
from tests.support.api import as_user, make_user

pytestmark = pytest.mark.django_db


def test_an_edit_changes_the_post_and_keeps_every_version() -> None:
    author = make_user("author", with_password=False)
    friend = make_user("friend", with_password=False)
    status = post(author, "First #draft", photos=3)
    first, second, third = (link.media_id for link in status.media_links.order_by("position"))
    client = as_user(author)
    unedited = client.get(f"/api/v1/statuses/{status.pk}/history").json()
    assert len(unedited) == 1
    assert "First" in unedited[0]["content"]
    response = client.put(
        f"/api/v1/statuses/{status.pk}",
        {"status": "Final #sunset with @friend", "media_ids": [str(third), str(first)], "location": "Lisbon"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["edited_at"] is not None
    assert [item["id"] for item in body["media_attachments"]] == [str(third), str(first)]
    assert [tag["name"] for tag in body["tags"]] == ["sunset"]
    assert [item["id"] for item in body["mentions"]] == [str(friend.pk)]
    assert body["location"] == {"name": "Lisbon"}
    assert not MediaAttachment.objects.filter(pk=second).exists()  # removed from the carousel: deleted
    assert list(StatusTag.objects.filter(status=status).values_list("tag__name", flat=True)) == ["sunset"]
    assert Mention.objects.filter(status=status).count() == 1

    client.put(f"/api/v1/statuses/{status.pk}", {"spoiler_text": "bright", "sensitive": True})
    history = client.get(f"/api/v1/statuses/{status.pk}/history").json()
    assert len(history) == 3
    assert "First" in history[0]["content"]
    assert "Final" in history[1]["content"]
    assert [item["id"] for item in history[0]["media_attachments"]] == [str(first), str(third)]  # second is gone
    assert [item["id"] for item in history[1]["media_attachments"]] == [str(third), str(first)]
    assert (history[2]["spoiler_text"], history[2]["sensitive"]) == ("bright", True)
    assert history[1]["location"] == {"name": "Lisbon"}
    source = client.get(f"/api/v1/statuses/{status.pk}/source").json()
    assert source == {
        "id": str(status.pk),
        "text": "Final #sunset with @friend",
        "spoiler_text": "bright",
        "location": "Lisbon",
    }


def test_an_edit_that_changes_nothing_visible_keeps_no_version() -> None:
    author = make_user("author", with_password=False)
    status = post(author, "same")
    client = as_user(author)
    response = client.put(f"/api/v1/statuses/{status.pk}", {"status": "same", "comments_enabled": False})
    assert response.status_code == 200
    assert (response.json()["edited_at"], response.json()["comments_enabled"]) == (None, False)
    assert not StatusEdit.objects.exists()


@pytest.mark.parametrize(
    ("change", "status_code", "message"),
    [
        ({"status": "x" * 2201}, 422, "too long"),
        ({"media_ids": []}, 422, "at least one photo"),
        ({"media_ids": ["123"]}, 422, "was not found"),
        ({"media_ids": ["PROCESSING"]}, 422, "still being processed"),
        ({"location": "x" * 201}, 422, "location name is too long"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(change: dict[str, object], status_code: int, message: str) -> None:
    author = make_user("author", with_password=False)
    status = post(author, "before")
    if change.get("media_ids") == ["PROCESSING"]:
        change = {"media_ids": [str(media(author, MediaAttachment.State.PROCESSING).pk)]}
    response = as_user(author).put(f"/api/v1/statuses/{status.pk}", change)
    assert response.status_code == status_code
    assert message in response.json()["error"]
    status.refresh_from_db()
    assert (status.caption, status.edited_at, status.location) == ("before", None, "")
    assert status.media_links.count() == 1
    assert not StatusEdit.objects.exists()


def test_only_the_author_edits_and_hidden_posts_are_not_found() -> None:
    author, other = make_user("author", with_password=False), make_user("other", with_password=False)
    status = post(author, "mine")
    assert as_user(other).put(f"/api/v1/statuses/{status.pk}", {"status": "yours"}).status_code == 403
    private = post(author, visibility="private")
    assert as_user(other).get(f"/api/v1/statuses/{private.pk}/history").status_code == 404
    assert as_user(other).get(f"/api/v1/statuses/{private.pk}/source").status_code == 404
    assert as_user(other).put("/api/v1/statuses/999", {"status": "x"}).status_code == 404
    status.refresh_from_db()
    assert status.caption == "mine"
