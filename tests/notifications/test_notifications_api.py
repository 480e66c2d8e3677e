"""Notifications end to end: made by the real tasks (a Celery worker on full, inline on embedded) when
people like, follow, comment, mention, post and edit; taken back when undone; read through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.accounts.services.registration import register_account
from photogram.notifications.services import causes, creation
from photogram.posts.services import editing, interactions, publishing
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user
from tests.support.eventually import soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]


def listed(client: ApiClient, **query: Any) -> list[tuple[str, str]]:
    """Return the (type, account username) of each notification a list shows, newest first."""
    response = client.get("/api/v1/notifications", query)
    assert response.status_code == 200, response.content
    return [(item["type"], item["account"]["username"]) for item in response.json()]


def eventually(client: ApiClient, expected: list[tuple[str, str]], **query: Any) -> None:
    assert soon(lambda: listed(client, **query), expected) == expected


def people(*names: str) -> list[User]:
    return [make_user(name, with_password=False) for name in names]


def test_a_like_notifies_once_and_is_taken_back_with_the_like() -> None:
    author, fan = people("author", "fan")
    client = as_user(author)
    photo = post(author, "sunset")
    interactions.favourite(fan, photo.pk)
    interactions.favourite(fan, photo.pk)
    interactions.favourite(author, photo.pk)  # one's own like tells no one
    eventually(client, [("favourite", "fan")])
    (shown,) = client.get("/api/v1/notifications").json()
    assert shown["status"]["id"] == str(photo.pk)
    assert shown["group_key"].startswith(f"favourite-{photo.pk}-")
    interactions.unfavourite(fan, photo.pk)
    eventually(client, [])


def test_follows_and_requests_notify_and_leave_when_undone() -> None:
    owner, locked, fan = people("owner", "locked", "fan")
    locked.locked = True
    locked.save()
    graph.follow(fan, owner)
    eventually(as_user(owner), [("follow", "fan")])
    graph.unfollow(fan, owner)
    eventually(as_user(owner), [])
    graph.follow(fan, locked)
    eventually(as_user(locked), [("follow_request", "fan")])
    graph.authorize_follow_request(locked, fan.pk)
    eventually(as_user(locked), [])


def test_comments_and_mentions_notify_as_mentions_once_each() -> None:
    author, friend, commenter = people("author", "friend", "commenter")
    photo = post(author, "with @friend at the lake")
    eventually(as_user(friend), [("mention", "author")])
    publishing.publish(commenter, "lovely, @author", [], in_reply_to_id=photo.pk)
    eventually(as_user(author), [("mention", "commenter")])


def test_no_mention_of_someone_who_may_not_see_the_post() -> None:
    author, stranger, follower = people("author", "stranger", "follower")
    graph.follow(follower, author)
    post(author, "for @follower and @stranger only", visibility="private")
    eventually(as_user(follower), [("mention", "author")])
    assert listed(as_user(stranger)) == []


def test_blocked_and_notification_muted_accounts_are_silent() -> None:
    owner, blocked, muted, quiet = people("owner", "blocked", "muted", "quiet")
    graph.block(owner, blocked)
    graph.mute(owner, muted, notifications=True)
    graph.mute(owner, quiet, notifications=False)
    for actor in (muted, quiet):
        graph.follow(actor, owner)
    eventually(as_user(owner), [("follow", "quiet")])
    # Muting afterwards hides what came before too.
    graph.mute(owner, quiet, notifications=True)
    assert listed(as_user(owner)) == []


def test_following_with_notify_brings_each_new_post() -> None:
    author, reader = people("author", "reader")
    client = as_user(reader)
    relationship = client.post(f"/api/v1/accounts/{author.pk}/follow", {"notify": "true"}).json()
    assert relationship["notifying"] is True
    post(author, "new work")
    eventually(client, [("status", "author")])
    assert client.post(f"/api/v1/accounts/{author.pk}/follow", {"notify": "false"}).json()["notifying"] is False
    post(author, "more work")
    # Posts before the change came; the one after did not (the first is still listed).
    eventually(client, [("status", "author")])


def test_an_edit_tells_those_who_liked_or_commented() -> None:
    author, fan, commenter = people("author", "fan", "commenter")
    photo = post(author, "draft")
    interactions.favourite(fan, photo.pk)
    publishing.publish(commenter, "nice", [], in_reply_to_id=photo.pk)
    editing.edit(author, photo.pk, editing.Changes(caption="final"))
    eventually(as_user(fan), [("update", "author")])
    eventually(as_user(commenter), [("update", "author")])


def test_a_deleted_post_takes_its_notifications_along() -> None:
    author, fan, friend = people("author", "fan", "friend")
    photo = post(author, "hello @friend")
    interactions.favourite(fan, photo.pk)
    eventually(as_user(author), [("favourite", "fan")])
    eventually(as_user(friend), [("mention", "author")])
    publishing.delete(author, photo)
    eventually(as_user(author), [])
    eventually(as_user(friend), [])


def test_staff_hear_of_new_accounts() -> None:
    (admin,) = people("admin")
    admin.is_staff = True
    admin.save()
    register_account(username="newcomer", email="newcomer@example.org", password="a long passphrase 42", agreement=True)
    eventually(as_user(admin), [("admin.sign_up", "newcomer")])


def test_pages_filters_and_cursors() -> None:
    owner, *fans = people("owner", "fan0", "fan1", "fan2")
    client = as_user(owner)
    photo = post(owner, "popular")
    for fan in fans:
        interactions.favourite(fan, photo.pk)
    graph.follow(fans[0], owner)
    expected = [("follow", "fan0"), ("favourite", "fan2"), ("favourite", "fan1"), ("favourite", "fan0")]
    eventually(client, expected)
    assert listed(client, **{"types[]": "follow"}) == [("follow", "fan0")]
    assert listed(client, **{"exclude_types[]": ["follow", "mention"]}) == expected[1:]
    assert listed(client, account_id=fans[0].pk) == [expected[0], expected[3]]
    assert listed(client, min_id=0) == expected  # Tusky on a fresh account
    first = client.get("/api/v1/notifications", {"limit": 2})
    assert [item["account"]["username"] for item in first.json()] == ["fan0", "fan2"]
    assert 'rel="next"' in first["Link"]
    oldest = first.json()[-1]["id"]
    assert listed(client, max_id=oldest) == expected[2:]
    assert listed(client, min_id=oldest) == expected[:1]
    assert client.get("/api/v1/notifications", {"limit": 0}).status_code == 422
    assert client.get("/api/v1/notifications", {"limit": 500}).status_code == 200


def test_one_notification_dismiss_and_clear() -> None:
    owner, fan, other = people("owner", "fan", "other")
    client = as_user(owner)
    graph.follow(fan, owner)
    graph.follow(other, owner)
    eventually(client, [("follow", "other"), ("follow", "fan")])
    newest, oldest = client.get("/api/v1/notifications").json()
    assert client.get(f"/api/v1/notifications/{newest['id']}").json() == newest
    # Someone else's notification does not exist for you.
    assert as_user(fan).get(f"/api/v1/notifications/{newest['id']}").status_code == 404
    assert as_user(fan).post(f"/api/v1/notifications/{newest['id']}/dismiss").status_code == 404
    assert client.post(f"/api/v1/notifications/{newest['id']}/dismiss").json() == {}
    assert client.get(f"/api/v1/notifications/{newest['id']}").status_code == 404
    assert listed(client) == [("follow", "fan")]
    assert client.post("/api/v1/notifications/clear").json() == {}
    assert listed(client) == []
    assert oldest["type"] == "follow"


def test_unread_counts_follow_the_marker() -> None:
    owner, *fans = people("owner", "fan0", "fan1", "fan2")
    client = as_user(owner)
    photo = post(owner, "popular")
    for fan in fans:
        interactions.favourite(fan, photo.pk)
    graph.follow(fans[0], owner)
    assert soon(lambda: client.get("/api/v1/notifications/unread_count").json(), {"count": 4}) == {"count": 4}
    assert client.get("/api/v2/notifications/unread_count").json() == {"count": 2}  # the likes are one group
    assert client.get("/api/v1/notifications/unread_count", {"limit": 2}).json() == {"count": 2}
    assert client.get("/api/v1/notifications/unread_count", {"types[]": "follow"}).json() == {"count": 1}
    newest = client.get("/api/v1/notifications", {"limit": 2}).json()[-1]["id"]
    assert client.post("/api/v1/markers", {"notifications[last_read_id]": newest}).status_code == 200
    assert client.get("/api/v1/notifications/unread_count").json() == {"count": 1}
    graph.follow(fans[1], owner)
    assert soon(lambda: client.get("/api/v1/notifications/unread_count").json(), {"count": 2}) == {"count": 2}


def test_grouped_notifications() -> None:
    owner, *fans = people("owner", "fan0", "fan1", "fan2")
    client = as_user(owner)
    photo = post(owner, "popular")
    for fan in fans:
        interactions.favourite(fan, photo.pk)
    graph.follow(fans[0], owner)
    eventually(client, [("follow", "fan0"), ("favourite", "fan2"), ("favourite", "fan1"), ("favourite", "fan0")])
    answer = client.get("/api/v2/notifications")
    assert answer.status_code == 200
    body = answer.json()
    follow, likes = body["notification_groups"]
    assert (follow["type"], follow["notifications_count"]) == ("follow", 1)
    assert (likes["type"], likes["notifications_count"], likes["status_id"]) == ("favourite", 3, str(photo.pk))
    assert likes["sample_account_ids"] == [str(fan.pk) for fan in reversed(fans)]
    assert int(likes["page_min_id"]) < int(likes["page_max_id"]) == int(likes["most_recent_notification_id"])
    assert {account["id"] for account in body["accounts"]} == {str(fan.pk) for fan in fans}
    assert [status["id"] for status in body["statuses"]] == [str(photo.pk)]
    assert 'rel="next"' in answer["Link"]
    # Likes not grouped: one group each; limit counts groups.
    ungrouped = client.get("/api/v2/notifications", {"grouped_types[]": "follow"}).json()["notification_groups"]
    assert [group["notifications_count"] for group in ungrouped] == [1, 1, 1, 1]
    limited = client.get("/api/v2/notifications", {"grouped_types[]": "follow", "limit": 2}).json()
    assert len(limited["notification_groups"]) == 2
    key = likes["group_key"]
    assert client.get(f"/api/v2/notifications/{key}").json()["notification_groups"][0]["notifications_count"] == 3
    accounts = client.get(f"/api/v2/notifications/{key}/accounts").json()
    assert [account["username"] for account in accounts] == ["fan2", "fan1", "fan0"]
    assert as_user(fans[0]).get(f"/api/v2/notifications/{key}").status_code == 404
    assert client.get("/api/v2/notifications/ungrouped-12").status_code == 404
    assert client.post(f"/api/v2/notifications/{key}/dismiss").json() == {}
    assert listed(client) == [("follow", "fan0")]
    assert client.post(f"/api/v2/notifications/{follow['group_key']}/dismiss").json() == {}
    assert listed(client) == []
    assert client.post(f"/api/v2/notifications/{key}/dismiss").status_code == 404


def test_the_policy_drops_or_holds_back_strangers() -> None:
    owner, stranger, friend = people("owner", "stranger", "friend")
    client = as_user(owner)
    policy = client.get("/api/v2/notifications/policy").json()
    assert policy == {
        "for_not_following": "accept",
        "for_not_followers": "accept",
        "for_new_accounts": "accept",
        "for_private_mentions": "filter",
        "for_limited_accounts": "filter",
        "summary": {"pending_requests_count": 0, "pending_notifications_count": 0},
    }
    graph.follow(owner, friend)
    changed = client.patch("/api/v2/notifications/policy", {"for_not_following": "drop"})
    assert changed.json()["for_not_following"] == "drop"
    assert client.patch("/api/v2/notifications/policy", {"for_new_accounts": "ignore"}).status_code == 422
    graph.follow(stranger, owner)
    graph.follow(friend, owner)
    eventually(client, [("follow", "friend")])
    client.patch("/api/v2/notifications/policy", {"for_not_following": "filter"})
    post(stranger, "hey @owner")
    summary = {"pending_requests_count": 1, "pending_notifications_count": 1}
    assert soon(lambda: client.get("/api/v2/notifications/policy").json()["summary"], summary) == summary
    assert listed(client) == [("follow", "friend")]
    groups = client.get("/api/v2/notifications", {"include_filtered": "true"}).json()["notification_groups"]
    assert [group["type"] for group in groups] == ["mention", "follow"]


def test_held_back_notifications_are_requests_to_accept_or_dismiss() -> None:
    owner, stranger, other = people("owner", "stranger", "other")
    client = as_user(owner)
    client.patch("/api/v2/notifications/policy", {"for_not_following": "filter"})
    post(stranger, "hey @owner")
    graph.follow(stranger, owner)
    graph.follow(other, owner)

    def pending() -> list[tuple[str, str]]:
        answer = client.get("/api/v1/notifications/requests").json()
        return [(item["account"]["username"], item["notifications_count"]) for item in answer]

    assert soon(pending, [("other", "1"), ("stranger", "2")]) == [("other", "1"), ("stranger", "2")]
    assert listed(client) == []
    other_request, stranger_request = client.get("/api/v1/notifications/requests").json()
    assert "last_status" not in other_request
    assert client.get(f"/api/v1/notifications/requests/{stranger_request['id']}").json() == stranger_request
    assert as_user(stranger).get(f"/api/v1/notifications/requests/{stranger_request['id']}").status_code == 404
    assert client.post(f"/api/v1/notifications/requests/{stranger_request['id']}/accept").json() == {}
    assert listed(client) == [("follow", "stranger"), ("mention", "stranger")]
    assert client.post(f"/api/v1/notifications/requests/{other_request['id']}/dismiss").json() == {}
    assert pending() == []
    assert client.post(f"/api/v1/notifications/requests/{other_request['id']}/dismiss").status_code == 404
    assert client.get("/api/v1/notifications/requests/merged").json() == {"merged": True}
    # An accepted account's notifications pass from now on; a dismissed one's are held again.
    graph.unfollow(other, owner)
    photo = post(owner, "new")
    interactions.favourite(stranger, photo.pk)
    interactions.favourite(other, photo.pk)
    eventually(client, [("favourite", "stranger"), ("follow", "stranger"), ("mention", "stranger")])
    assert soon(pending, [("other", "1")]) == [("other", "1")]
    assert client.post("/api/v1/notifications/requests/dismiss", {"id[]": [other_request["id"], "5"]}).json() == {}


def test_a_repeated_cause_is_neither_stored_nor_delivered_again() -> None:
    author, fan = people("author", "fan")
    photo = post(author, "once")
    made = creation.notify(author.pk, causes.FAVOURITE, fan.pk, photo)
    assert made is not None
    assert (made.type, made.from_account_id, made.status_id) == (causes.FAVOURITE, fan.pk, photo.pk)
    assert creation.notify(author.pk, causes.FAVOURITE, fan.pk, photo) is None
    assert creation.notify(author.pk, causes.FAVOURITE, author.pk, photo) is None  # oneself
    assert listed(as_user(author)) == [("favourite", "fan")]


def test_a_page_costs_the_same_queries_for_few_or_many_notifications() -> None:
    owner, *fans = people("owner", *(f"fan{number}" for number in range(12)))
    client = as_user(owner)
    photos = [post(owner, f"photo {number}") for number in range(3)]

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/notifications").status_code == 200
            assert client.get("/api/v2/notifications").status_code == 200
        return len(queries)

    for fan, photo in zip(fans[:2], photos, strict=False):
        creation.notify(owner.pk, causes.FAVOURITE, fan.pk, photo)
    creation.notify(owner.pk, causes.FOLLOW, fans[2].pk)
    queries_for_page()  # the first read fills the caches of post bodies and emojis
    few = queries_for_page()
    for number, fan in enumerate(fans[3:]):
        creation.notify(owner.pk, causes.FAVOURITE, fan.pk, photos[number % 3])
        creation.notify(owner.pk, causes.FOLLOW, fan.pk)
    assert len(client.get("/api/v1/notifications").json()) == 21
    assert queries_for_page() == few
