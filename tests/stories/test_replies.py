"""Replies and reactions to stories: who may send them, the author's notification, and the direct-message hook."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.services import graph
from photogram.stories.models import StoryReply
from photogram.stories.services import reply_delivery
from photogram.stories.signals import story_reply_sent
from tests.stories.media import ready_photo
from tests.support.api import as_user, make_user

pytestmark = pytest.mark.django_db

STORIES = "/api/photogram/v1/stories"


def post_story(author: Any, audience: str = "followers") -> str:
    media = ready_photo(author)
    response = as_user(author).post(STORIES, {"media_id": str(media.pk), "audience": audience})
    assert response.status_code == 200, response.content
    story_id: str = response.json()["id"]
    return story_id


def test_a_reply_reaches_the_author_as_a_notification_only_photogram_clients_ask_for() -> None:
    author, reader = make_user("author"), make_user("reader")
    story_id = post_story(author)
    client = as_user(reader)
    sent = client.post(f"{STORIES}/{story_id}/replies", {"text": "  Lovely view!  "})
    assert sent.status_code == 200, sent.content
    reply = sent.json()
    assert (reply["type"], reply["text"], reply["story_id"]) == ("reply", "Lovely view!", story_id)
    reaction = client.post(f"{STORIES}/{story_id}/reactions", {"emoji": "🔥"})
    assert reaction.status_code == 200, reaction.content
    handed_on: list[int] = []

    def receiver(**kwargs: Any) -> None:
        handed_on.append(kwargs["reply_id"])

    story_reply_sent.connect(receiver)
    try:
        # What the task queued on commit does (these tests never commit).
        for sent_id in (reply["id"], reaction.json()["id"]):
            reply_delivery.reply_sent(int(sent_id))
        reply_delivery.reply_sent(int(reply["id"]))  # a retried task notifies once
    finally:
        story_reply_sent.disconnect(receiver)
    assert handed_on[:2] == [int(reply["id"]), int(reaction.json()["id"])]
    owner = as_user(author)
    # Mastodon clients never meet a type they do not know ...
    assert owner.get("/api/v1/notifications").json() == []
    assert owner.get("/api/v1/notifications/unread_count").json()["count"] == 0
    # ... Photogram's own clients ask for it by name.
    asked = owner.get("/api/v1/notifications", {"types[]": ["story_reply", "story_reaction"]}).json()
    assert [(row["type"], row["account"]["username"]) for row in asked] == [
        ("story_reaction", "reader"),
        ("story_reply", "reader"),
    ]
    received = owner.get(f"{STORIES}/replies").json()
    assert [(row["type"], row["text"], row["account"]["username"]) for row in received] == [
        ("reaction", "🔥", "reader"),
        ("reply", "Lovely view!", "reader"),
    ]


def test_only_those_who_may_see_a_story_may_answer_it() -> None:
    author = make_user("author", locked=True)
    stranger = make_user("stranger")
    story_id = post_story(author)
    client = as_user(stranger)
    assert client.post(f"{STORIES}/{story_id}/replies", {"text": "hi"}).status_code == 404
    assert client.post(f"{STORIES}/{story_id}/reactions", {"emoji": "🔥"}).status_code == 404
    assert not StoryReply.objects.exists()
    public = make_user("public")
    open_id = post_story(public)
    graph.block(public, stranger)
    assert client.post(f"{STORIES}/{open_id}/replies", {"text": "hi"}).status_code == 404


def test_bad_replies_are_refused_with_the_reason() -> None:
    author, reader = make_user("author"), make_user("reader")
    story_id = post_story(author)
    client = as_user(reader)
    assert client.post(f"{STORIES}/{story_id}/replies", {"text": "   "}).status_code == 422
    assert client.post(f"{STORIES}/{story_id}/replies", {"text": "x" * 1001}).status_code == 422
    not_emoji = client.post(f"{STORIES}/{story_id}/reactions", {"emoji": "fire"})
    assert not_emoji.status_code == 422
    assert "emoji" in not_emoji.json()["error"]
    own = as_user(author).post(f"{STORIES}/{story_id}/replies", {"text": "me"})
    assert own.status_code == 422
    assert "your own story" in own.json()["error"]
    assert client.post(f"{STORIES}/99999/replies", {"text": "hi"}).status_code == 404
    assert not StoryReply.objects.exists()
