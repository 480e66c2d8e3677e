"""Story replies and reactions arrive in Direct: a message from the sender in the pair's thread with the story's
author, naming the story, under the request and block rules of any message, and once however often delivered."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.core.window import CursorWindow
from photogram.direct.models import DeliveredStoryReply, Thread
from photogram.direct.services import messages, threads
from photogram.direct.stores import message_stores
from photogram.stories.models import StoryReply
from photogram.stories.services import replies, reply_delivery
from tests.stories.test_replies import STORIES, post_story
from tests.support.api import ApiClient, as_user, make_user
from tests.support.eventually import soon

pytestmark = pytest.mark.django_db

DIRECT = "/api/photogram/v1/direct"


def messages_of(client: ApiClient, listing: str) -> list[tuple[str, str, str | None]]:
    """(sender's username, text, story_id) of every message in the threads of the inbox or the requests."""
    found = []
    for thread in client.get(f"{DIRECT}/{listing}").json():
        answer = client.get(f"{DIRECT}/threads/{thread['id']}/messages")
        assert answer.status_code == 200, answer.content
        found += [(row["account"]["username"], row["text"], row["story_id"]) for row in answer.json()]
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker_process")
@pytest.mark.parametrize(("author_follows", "listing"), [(False, "requests"), (True, "threads")])
def test_a_reply_and_a_reaction_arrive_as_messages_naming_the_story(author_follows: bool, listing: str) -> None:
    author, reader = make_user("author"), make_user("reader")
    if author_follows:
        graph.follow(author, reader)
    story_id = post_story(author)
    client = as_user(reader)
    # Each commits, and its task (a real worker on full, inline on embedded) sends the signal.
    assert client.post(f"{STORIES}/{story_id}/replies", {"text": "Lovely view!"}).status_code == 200
    assert client.post(f"{STORIES}/{story_id}/reactions", {"emoji": "🔥"}).status_code == 200
    owner = as_user(author)
    expected: list[tuple[str, str, str | None]] = [("reader", "🔥", story_id), ("reader", "Lovely view!", story_id)]
    # A request for an author who does not follow the sender, as any first message would be.
    assert soon(lambda: messages_of(owner, listing), expected) == expected
    assert messages_of(owner, "requests" if listing == "threads" else "threads") == []
    # The sender finds it in their own inbox, in the pair's one thread.
    assert messages_of(client, "threads") == expected
    assert Thread.objects.count() == 1


def test_a_delivery_run_again_sends_no_second_message() -> None:
    author, reader = make_user("author"), make_user("reader")
    story_id = post_story(author)
    sent = replies.reply(reader, int(story_id), "Again?")
    for _ in range(3):  # the task retried, or run twice by the broker (acks_late)
        reply_delivery.reply_sent(sent.pk)
    assert messages_of(as_user(author), "requests") == [("reader", "Again?", story_id)]


def test_the_sender_s_message_budget_does_not_refuse_a_committed_reply(settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "direct_send": (1, 60)}
    author, reader = make_user("author"), make_user("reader")
    story_id = post_story(author)
    for text in ("one", "two"):
        reply_delivery.reply_sent(replies.reply(reader, int(story_id), text).pk)
    assert [text for _, text, _ in messages_of(as_user(author), "requests")] == ["two", "one"]


@pytest.mark.parametrize("blocker", ["author", "reader"])
def test_a_reply_across_a_block_stays_a_reply_and_sends_no_message(blocker: str) -> None:
    people: dict[str, User] = {name: make_user(name) for name in ("author", "reader")}
    author, reader = people["author"], people["reader"]
    story_id = post_story(author)
    thread = threads.start(reader, [author.pk])
    messages.send(reader, thread.pk, text="earlier")
    sent = replies.reply(reader, int(story_id), "Hi")
    # Blocked between the reply's commit and its delivery.
    graph.block(people[blocker], people["reader" if blocker == "author" else "author"])
    reply_delivery.reply_sent(sent.pk)  # no error: the reply is kept, only the message is not sent
    assert StoryReply.objects.filter(pk=sent.pk).exists()
    kept = message_stores.default.page(thread.pk, CursorWindow(limit=10))
    assert [message.text for message in kept] == ["earlier"]
    assert Thread.objects.count() == 1
    # Nothing recorded as delivered: were the block lifted, a retried delivery would send it.
    assert not DeliveredStoryReply.objects.exists()
