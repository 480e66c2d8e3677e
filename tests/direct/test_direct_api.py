"""Direct threads through the API: who may read and write them, requests, blocks, unsend, reactions, read
receipts, shares and media, and Mastodon's cursors over messages and threads."""

from __future__ import annotations

from typing import Any

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.media.models import MediaAttachment
from tests.posts.helpers import media, post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db

BASE = "/api/photogram/v1/direct"


@pytest.fixture
def people() -> dict[str, User]:
    """alice; bob follows alice; carol follows nobody."""
    found = {name: make_user(name, with_password=False) for name in ("alice", "bob", "carol", "dave")}
    graph.follow(found["bob"], found["alice"])
    return found


def start(client: ApiClient, *others: User, **extra: Any) -> dict[str, Any]:
    answer = client.post(f"{BASE}/threads", {"account_ids[]": [other.pk for other in others], **extra})
    assert answer.status_code == 200, answer.content
    thread: dict[str, Any] = answer.json()
    return thread


def send(client: ApiClient, thread_id: str, text: str = "hi", **extra: Any) -> dict[str, Any]:
    answer = client.post(f"{BASE}/threads/{thread_id}/messages", {"text": text, **extra})
    assert answer.status_code == 200, answer.content
    message: dict[str, Any] = answer.json()
    return message


def texts(client: ApiClient, thread_id: str, **query: Any) -> list[str]:
    answer = client.get(f"{BASE}/threads/{thread_id}/messages", query)
    assert answer.status_code == 200, answer.content
    return [message["text"] for message in answer.json()]


def test_a_pair_talks_reads_and_sees_the_read_receipt(people: dict[str, User]) -> None:
    alice, bob = as_user(people["alice"]), as_user(people["bob"])
    thread = start(alice, people["bob"])
    assert start(alice, people["bob"])["id"] == thread["id"]  # two people have one thread
    assert start(bob, people["alice"])["id"] == thread["id"]
    sent = send(alice, thread["id"], "hello bob")
    assert sent["account"]["id"] == str(people["alice"].pk)
    listed = bob.get(f"{BASE}/threads").json()
    assert [item["id"] for item in listed] == [thread["id"]]
    assert listed[0]["unread"] is True
    assert listed[0]["state"] == "inbox"  # bob follows alice
    assert listed[0]["last_message"]["text"] == "hello bob"
    assert [account["id"] for account in listed[0]["accounts"]] == [str(people["alice"].pk)]
    assert texts(bob, thread["id"]) == ["hello bob"]
    read = bob.post(f"{BASE}/threads/{thread['id']}/read").json()
    assert read["unread"] is False
    seen = alice.get(f"{BASE}/threads/{thread['id']}").json()
    assert seen["read_receipts"] == [{"account_id": str(people["bob"].pk), "last_read_id": sent["id"]}]
    # A receipt never moves backwards.
    send(alice, thread["id"], "more")
    bob.post(f"{BASE}/threads/{thread['id']}/read", {"message_id": sent["id"]})
    assert alice.get(f"{BASE}/threads/{thread['id']}").json()["read_receipts"][0]["last_read_id"] == sent["id"]


def test_a_group_holds_at_most_32_people(people: dict[str, User]) -> None:
    others = [make_user(f"member{index}", with_password=False) for index in range(32)]
    alice = as_user(people["alice"])
    answer = alice.post(f"{BASE}/threads", {"account_ids[]": [other.pk for other in others]})
    assert answer.status_code == 422
    assert "at most 32 people" in answer.json()["error"]
    group = start(alice, *others[:31])
    assert group["is_group"] is True
    assert len(group["accounts"]) == 31


def test_who_is_not_in_a_thread_cannot_read_or_write_it(people: dict[str, User]) -> None:
    alice, carol = as_user(people["alice"]), as_user(people["carol"])
    thread = start(alice, people["bob"])
    message = send(alice, thread["id"])
    for path in ("", "/messages"):
        assert carol.get(f"{BASE}/threads/{thread['id']}{path}").status_code == 404
    assert carol.post(f"{BASE}/threads/{thread['id']}/messages", {"text": "let me in"}).status_code == 404
    assert carol.post(f"{BASE}/threads/{thread['id']}/read").status_code == 404
    assert carol.delete(f"{BASE}/threads/{thread['id']}/messages/{message['id']}").status_code == 404
    reaction = f"{BASE}/threads/{thread['id']}/messages/{message['id']}/reaction"
    assert carol.post(reaction, {"emoji": "👀"}).status_code == 404
    assert alice.get(f"{BASE}/threads/12345/messages").status_code == 404
    assert texts(alice, thread["id"]) == ["hi"]


def test_messages_page_by_mastodon_cursors(people: dict[str, User]) -> None:
    alice = as_user(people["alice"])
    thread = start(alice, people["bob"])
    sent = [send(alice, thread["id"], f"m{index}")["id"] for index in range(5)]
    first = alice.get(f"{BASE}/threads/{thread['id']}/messages", {"limit": 2})
    assert [item["text"] for item in first.json()] == ["m4", "m3"]
    assert f"max_id={sent[3]}" in first["Link"]
    assert f"min_id={sent[4]}" in first["Link"]
    assert texts(alice, thread["id"], max_id=sent[3], limit=2) == ["m2", "m1"]
    assert texts(alice, thread["id"], min_id=sent[0], limit=2) == ["m2", "m1"]
    assert texts(alice, thread["id"], since_id=sent[2]) == ["m4", "m3"]


def test_threads_list_by_last_activity_with_cursors(people: dict[str, User]) -> None:
    alice = as_user(people["alice"])
    graph.follow(people["carol"], people["alice"])
    graph.follow(people["dave"], people["alice"])
    threads = [start(alice, people[name])["id"] for name in ("bob", "carol", "dave")]
    for thread_id in threads:
        send(alice, thread_id)
    send(alice, threads[0], "again")
    listed = alice.get(f"{BASE}/threads", {"limit": 2})
    assert [item["id"] for item in listed.json()] == [threads[0], threads[2]]
    older = alice.get(f"{BASE}/threads", {"max_id": listed.json()[-1]["last_activity_id"]}).json()
    assert [item["id"] for item in older] == [threads[1]]
    assert "max_id=" in listed["Link"]


def test_a_request_is_accepted_into_the_inbox(people: dict[str, User]) -> None:
    carol, bob = as_user(people["carol"]), as_user(people["bob"])
    thread = start(carol, people["bob"])  # bob does not follow carol
    assert bob.get(f"{BASE}/requests").json() == []  # nothing to show before a message
    send(carol, thread["id"], "hey, it's carol")
    assert bob.get(f"{BASE}/threads").json() == []
    requests = bob.get(f"{BASE}/requests").json()
    assert [item["id"] for item in requests] == [thread["id"]]
    assert requests[0]["state"] == "request"
    accepted = bob.post(f"{BASE}/requests/{thread['id']}/accept").json()
    assert accepted["state"] == "inbox"
    assert [item["id"] for item in bob.get(f"{BASE}/threads").json()] == [thread["id"]]
    assert bob.get(f"{BASE}/requests").json() == []


def test_a_deleted_request_comes_back_only_with_a_new_message(people: dict[str, User]) -> None:
    dave, bob = as_user(people["dave"]), as_user(people["bob"])
    thread = start(dave, people["bob"])
    send(dave, thread["id"], "first")
    assert bob.delete(f"{BASE}/requests/{thread['id']}").status_code == 200
    assert bob.get(f"{BASE}/requests").json() == []
    assert bob.get(f"{BASE}/threads/{thread['id']}").status_code == 404
    assert bob.delete(f"{BASE}/requests/{thread['id']}").status_code == 404
    send(dave, thread["id"], "second")
    assert [item["id"] for item in bob.get(f"{BASE}/requests").json()] == [thread["id"]]
    assert texts(bob, thread["id"]) == ["second"]
    assert texts(dave, thread["id"]) == ["second", "first"]


def test_replying_to_a_request_accepts_it(people: dict[str, User]) -> None:
    carol, bob = as_user(people["carol"]), as_user(people["bob"])
    thread = start(carol, people["bob"])
    send(carol, thread["id"])
    send(bob, thread["id"], "hello carol")
    assert [item["id"] for item in bob.get(f"{BASE}/threads").json()] == [thread["id"]]


def test_a_blocked_account_cannot_message_and_its_messages_do_not_show(people: dict[str, User]) -> None:
    alice, bob, carol = (as_user(people[name]) for name in ("alice", "bob", "carol"))
    pair = start(alice, people["bob"])
    group = start(alice, people["bob"], people["carol"], title="three")
    send(carol, group["id"], "from carol")
    graph.block(people["bob"], people["alice"])
    refused = alice.post(f"{BASE}/threads/{pair['id']}/messages", {"text": "hello?"})
    assert refused.status_code == 403
    assert refused.json()["error"] == "You can't message this account"
    assert bob.post(f"{BASE}/threads/{pair['id']}/messages", {"text": "bye"}).status_code == 403
    assert alice.post(f"{BASE}/threads", {"account_ids[]": [people["bob"].pk]}).status_code == 404
    send(alice, group["id"], "from alice")
    assert texts(bob, group["id"]) == ["from carol"]
    assert bob.get(f"{BASE}/threads/{group['id']}").json()["last_message"] is None
    assert texts(carol, group["id"]) == ["from alice", "from carol"]


def test_an_unsent_message_and_its_media_are_gone_for_everyone(people: dict[str, User]) -> None:
    alice, bob = as_user(people["alice"]), as_user(people["bob"])
    thread = start(alice, people["bob"])
    photo = media(people["alice"])
    sent = send(alice, thread["id"], "", **{"media_ids[]": [photo.pk]})
    assert [item["id"] for item in sent["media_attachments"]] == [str(photo.pk)]
    kept = send(alice, thread["id"], "kept")
    path = f"{BASE}/threads/{thread['id']}/messages/{sent['id']}"
    assert bob.delete(path).status_code == 403  # not bob's to unsend
    assert alice.delete(path).status_code == 200
    assert texts(bob, thread["id"]) == ["kept"]
    assert not MediaAttachment.objects.filter(pk=photo.pk).exists()
    assert alice.delete(path).status_code == 404
    assert kept["id"] != sent["id"]


def test_media_must_be_ones_own_ready_and_unused(people: dict[str, User]) -> None:
    alice = as_user(people["alice"])
    thread = start(alice, people["bob"])
    cases = {
        media(people["bob"]).pk: "was not found",
        media(people["alice"], state=MediaAttachment.State.PROCESSING).pk: "still being processed",
    }
    for media_id, reason in cases.items():
        answer = alice.post(f"{BASE}/threads/{thread['id']}/messages", {"media_ids[]": [media_id]})
        assert answer.status_code == 422
        assert reason in answer.json()["error"]
    used = media(people["alice"])
    send(alice, thread["id"], "", **{"media_ids[]": [used.pk]})
    again = alice.post(f"{BASE}/threads/{thread['id']}/messages", {"media_ids[]": [used.pk]})
    assert again.status_code == 422
    assert alice.post(f"{BASE}/threads/{thread['id']}/messages", {"text": "  "}).status_code == 422


def test_one_reaction_per_member(people: dict[str, User]) -> None:
    alice, bob = as_user(people["alice"]), as_user(people["bob"])
    thread = start(alice, people["bob"])
    sent = send(alice, thread["id"])
    path = f"{BASE}/threads/{thread['id']}/messages/{sent['id']}/reaction"
    bob.post(path, {"emoji": "❤️"})
    reacted = bob.post(path, {"emoji": "😂"}).json()
    assert reacted["reactions"] == [{"account_id": str(people["bob"].pk), "emoji": "😂"}]
    both = alice.post(path, {"emoji": "🔥"}).json()
    assert len(both["reactions"]) == 2
    assert [item["emoji"] for item in bob.delete(path).json()["reactions"]] == ["🔥"]
    assert bob.post(path, {"emoji": "two words"}).status_code == 422
    assert bob.post(f"{BASE}/threads/{thread['id']}/messages/99/reaction", {"emoji": "❤️"}).status_code == 404


def test_replies_name_the_message_they_answer(people: dict[str, User]) -> None:
    alice, bob = as_user(people["alice"]), as_user(people["bob"])
    thread = start(alice, people["bob"])
    question = send(alice, thread["id"], "coffee?")
    answer = send(bob, thread["id"], "yes", in_reply_to_id=question["id"])
    assert answer["in_reply_to_id"] == question["id"]
    missing = bob.post(f"{BASE}/threads/{thread['id']}/messages", {"text": "x", "in_reply_to_id": 99})
    assert missing.status_code == 422


def test_a_shared_private_post_shows_only_to_those_allowed(people: dict[str, User]) -> None:
    alice, bob, carol = (as_user(people[name]) for name in ("alice", "bob", "carol"))
    private = post(people["alice"], "followers only", visibility="private")
    group = start(alice, people["bob"], people["carol"], title="share")
    send(alice, group["id"], "", shared_status_id=private.pk, shared_account_id=people["alice"].pk)
    seen_by_bob = bob.get(f"{BASE}/threads/{group['id']}/messages").json()[0]
    assert seen_by_bob["shared_status"]["id"] == str(private.pk)
    seen_by_carol = carol.get(f"{BASE}/threads/{group['id']}/messages").json()[0]
    assert seen_by_carol["shared_status"] is None
    assert seen_by_carol["shared_unavailable"] is True
    assert seen_by_carol["shared_account"]["id"] == str(people["alice"].pk)
    # Nobody shares what they cannot see themselves.
    refused = carol.post(f"{BASE}/threads/{group['id']}/messages", {"shared_status_id": private.pk})
    assert refused.status_code == 422


def test_mute_and_leave(people: dict[str, User]) -> None:
    alice, bob = as_user(people["alice"]), as_user(people["bob"])
    pair = start(alice, people["bob"])
    group = start(alice, people["bob"], people["carol"], title="trio")
    assert bob.post(f"{BASE}/threads/{group['id']}/mute").json()["muted"] is True
    assert bob.post(f"{BASE}/threads/{group['id']}/unmute").json()["muted"] is False
    assert bob.post(f"{BASE}/threads/{pair['id']}/leave").status_code == 422
    assert bob.post(f"{BASE}/threads/{group['id']}/leave").status_code == 200
    assert bob.get(f"{BASE}/threads/{group['id']}").status_code == 404
    remaining = alice.get(f"{BASE}/threads/{group['id']}").json()
    assert [account["id"] for account in remaining["accounts"]] == [str(people["carol"].pk)]


def test_a_flood_of_messages_is_refused(people: dict[str, User], settings: Any) -> None:
    settings.RATE_LIMIT_POLICIES = {**settings.RATE_LIMIT_POLICIES, "direct_send": (3, 60)}
    alice = as_user(people["alice"])
    thread = start(alice, people["bob"])
    for index in range(3):
        send(alice, thread["id"], f"m{index}")
    flooded = alice.post(f"{BASE}/threads/{thread['id']}/messages", {"text": "one more"})
    assert flooded.status_code == 429
    assert "Retry-After" in flooded
    assert texts(alice, thread["id"]) == ["m2", "m1", "m0"]
