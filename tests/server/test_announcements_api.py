"""Announcements: only those showing now, read state per person, reactions counted with `me`, unknown ids 404."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from photogram.server.models import Announcement
from tests.server.conftest import make_emoji
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def announce(text: str = "Maintenance tonight", **fields: object) -> Announcement:
    return Announcement.objects.create(text=text, published=True, **fields)


def ids(client: ApiClient) -> list[str]:
    response = client.get("/api/v1/announcements")
    assert response.status_code == 200
    return [item["id"] for item in response.json()]


def test_only_published_current_announcements_are_listed_oldest_first() -> None:
    now = timezone.now()
    first = announce("first")
    second = announce("second #news", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    Announcement.objects.create(text="draft", published=False)
    announce("later", starts_at=now + timedelta(days=1))
    announce("over", ends_at=now - timedelta(minutes=1))
    client = as_user(make_user("reader", with_password=False))
    assert ids(client) == [str(first.pk), str(second.pk)]
    entity = client.get("/api/v1/announcements").json()[1]
    assert entity["content"].startswith("<p>second")
    assert entity["tags"][0]["name"] == "news"
    assert entity["starts_at"]
    assert entity["ends_at"]
    assert entity["published_at"]
    assert entity["read"] is False
    assert ApiClient(None).get("/api/v1/announcements").status_code == 401


def test_dismissing_marks_read_for_that_person_only() -> None:
    item = announce()
    alice, bob = as_user(make_user("alice", with_password=False)), as_user(make_user("bob", with_password=False))
    assert alice.post(f"/api/v1/announcements/{item.pk}/dismiss").json() == {}
    assert alice.post(f"/api/v1/announcements/{item.pk}/dismiss").status_code == 200  # again: no change
    assert alice.get("/api/v1/announcements").json()[0]["read"] is True
    assert bob.get("/api/v1/announcements").json()[0]["read"] is False


def test_unknown_and_withdrawn_announcements_answer_404() -> None:
    withdrawn = Announcement.objects.create(text="draft", published=False)
    client = as_user(make_user("reader", with_password=False))
    for announcement_id in (withdrawn.pk, 987654321):
        assert client.post(f"/api/v1/announcements/{announcement_id}/dismiss").status_code == 404
        path = f"/api/v1/announcements/{announcement_id}/reactions/{quote('👍')}"
        assert client.put(path, {}).status_code == 404
        assert client.delete(path).status_code == 404


def test_reactions_are_counted_with_me_and_custom_emojis_carry_their_urls() -> None:
    make_emoji("blobcat")
    item = announce()
    alice, bob = as_user(make_user("alice", with_password=False)), as_user(make_user("bob", with_password=False))
    thumbs = f"/api/v1/announcements/{item.pk}/reactions/{quote('👍🏽')}"
    cat = f"/api/v1/announcements/{item.pk}/reactions/blobcat"
    assert alice.put(thumbs, {}).status_code == 200
    assert alice.put(thumbs, {}).status_code == 200  # again: still one
    assert bob.put(thumbs, {}).status_code == 200
    assert bob.put(cat, {}).status_code == 200
    reactions = {reaction["name"]: reaction for reaction in alice.get("/api/v1/announcements").json()[0]["reactions"]}
    assert reactions["👍🏽"] == {"name": "👍🏽", "count": 2, "me": True}
    assert reactions["blobcat"]["count"] == 1
    assert reactions["blobcat"]["me"] is False
    assert reactions["blobcat"]["url"].startswith("http")
    assert reactions["blobcat"]["static_url"]
    assert bob.delete(thumbs).status_code == 200
    assert bob.delete(thumbs).status_code == 200  # never left any more: no change
    reactions = {reaction["name"]: reaction for reaction in bob.get("/api/v1/announcements").json()[0]["reactions"]}
    assert reactions["👍🏽"] == {"name": "👍🏽", "count": 1, "me": False}


@pytest.mark.parametrize("name", ["notanemoji", "a", "👍👍", "unknown_custom"])
def test_a_reaction_that_is_no_emoji_is_refused_with_422(name: str) -> None:
    item = announce()
    client = as_user(make_user("reader", with_password=False))
    answer = client.put(f"/api/v1/announcements/{item.pk}/reactions/{quote(name)}", {})
    assert answer.status_code == 422
    assert answer.json()["error"] == "Validation failed: Name is not a recognized emoji"


def test_an_announcement_takes_at_most_eight_different_reactions() -> None:
    item = announce()
    client = as_user(make_user("reader", with_password=False))
    for emoji in "😀😁😂🤣😃😄😅😆":
        assert client.put(f"/api/v1/announcements/{item.pk}/reactions/{quote(emoji)}", {}).status_code == 200
    assert client.put(f"/api/v1/announcements/{item.pk}/reactions/{quote('😇')}", {}).status_code == 422
    other = as_user(make_user("other", with_password=False))
    assert other.put(f"/api/v1/announcements/{item.pk}/reactions/{quote('😀')}", {}).status_code == 200


def test_a_disabled_emoji_is_no_reaction() -> None:
    make_emoji("retired", disabled=True)
    item = announce()
    client = as_user(make_user("reader", with_password=False))
    assert client.put(f"/api/v1/announcements/{item.pk}/reactions/retired", {}).status_code == 422
