"""The lists API: making, changing and deleting lists, their members and Mastodon's rules for them."""

from __future__ import annotations

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.lists.models import List, ListMember
from photogram.lists.services import lists
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def owner_with_follows(*names: str) -> tuple[User, ApiClient, list[User]]:
    owner = make_user("owner", with_password=False)
    followed = [make_user(name, with_password=False) for name in names]
    for account in followed:
        graph.follow(owner, account)
    return owner, as_user(owner), followed


def test_a_list_is_made_shown_changed_and_deleted() -> None:
    _, client, _ = owner_with_follows()
    response = client.post("/api/v1/lists", {"title": "  Friends "})
    assert response.status_code == 200
    made = response.json()
    assert made == {"id": made["id"], "title": "Friends", "replies_policy": "list", "exclusive": False}
    path = f"/api/v1/lists/{made['id']}"
    assert client.get(path).json() == made
    changed = client.put(path, {"title": "Close friends", "replies_policy": "none", "exclusive": True}).json()
    assert changed == {"id": made["id"], "title": "Close friends", "replies_policy": "none", "exclusive": True}
    # A PUT names only what changes (Mastodon clients toggle `exclusive` alone).
    assert client.put(path, {"exclusive": "false"}).json()["title"] == "Close friends"
    assert client.put(path, {"exclusive": 2}).status_code == 422  # 0 and 1 are flags (as Rails casts them), 2 is not
    assert client.put(path, {"exclusive": 0}).json()["exclusive"] is False
    other = client.post("/api/v1/lists", {"title": "Photographers", "exclusive": "true"}).json()
    assert [item["id"] for item in client.get("/api/v1/lists").json()] == [made["id"], other["id"]]
    assert client.delete(path).json() == {}
    assert client.get(path).status_code == 404
    assert [item["id"] for item in client.get("/api/v1/lists").json()] == [other["id"]]


@pytest.mark.parametrize(
    "params",
    [{}, {"title": ""}, {"title": "   "}, {"title": "x" * 101}, {"title": "ok", "replies_policy": "everyone"}],
)
def test_a_title_is_required_and_capped_and_the_policy_is_one_of_three(params: dict[str, str]) -> None:
    _, client, _ = owner_with_follows()
    response = client.post("/api/v1/lists", params)
    assert response.status_code == 422
    assert response.json()["error"].startswith("Validation failed: ")
    assert not List.objects.exists()


def test_an_account_has_at_most_50_lists() -> None:
    owner, client, _ = owner_with_follows()
    List.objects.bulk_create(List(owner=owner, title=f"list {number}") for number in range(lists.MAX_LISTS))
    response = client.post("/api/v1/lists", {"title": "one more"})
    assert response.status_code == 422
    assert "maximum number of lists" in response.json()["error"]


def test_someone_elses_list_is_not_found_by_any_method() -> None:
    _, client, (friend,) = owner_with_follows("friend")
    stranger = make_user("stranger", with_password=False)
    theirs = lists.create(stranger, "Theirs")
    base = f"/api/v1/lists/{theirs.pk}"
    assert client.get(base).status_code == 404
    assert client.put(base, {"title": "Mine now"}).status_code == 404
    assert client.delete(base).status_code == 404
    assert client.get(f"{base}/accounts").status_code == 404
    assert client.post(f"{base}/accounts", {"account_ids[]": [friend.pk]}).status_code == 404
    assert client.client.delete(f"{base}/accounts?account_ids[]={friend.pk}", headers=client.headers).status_code == 404
    assert client.get(f"/api/v1/timelines/list/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/lists/99999999").json() == {"error": "Record not found"}
    assert List.objects.get(pk=theirs.pk).title == "Theirs"


def test_members_must_be_followed_accounts_and_join_once() -> None:
    owner, client, (alice, bob) = owner_with_follows("alice", "bob")
    stranger = make_user("stranger", with_password=False)
    made = lists.create(owner, "Friends")
    path = f"/api/v1/lists/{made.pk}/accounts"
    assert client.post(path, {"account_ids[]": [alice.pk]}).json() == {}

    refused = client.post(path, {"account_ids[]": [bob.pk, stranger.pk]})
    assert refused.status_code == 422
    assert refused.json()["error"] == "Validation failed: Account must be a followed account"
    taken = client.post(path, {"account_ids[]": [bob.pk, alice.pk]})
    assert taken.status_code == 422
    assert taken.json()["error"] == "Validation failed: Account has already been taken"
    assert client.post(path, {"account_ids[]": [owner.pk]}).status_code == 422  # one cannot follow oneself
    assert client.post(path, {"account_ids[]": [987654321]}).status_code == 404
    assert client.post(path, {}).status_code == 422
    # A refused batch adds nobody, not even the accounts in it that could join.
    assert list(ListMember.objects.filter(list=made).values_list("account_id", flat=True)) == [alice.pk]


def test_members_are_listed_newest_first_paged_or_all_at_once_and_removed() -> None:
    owner, client, followed = owner_with_follows(*(f"friend{number}" for number in range(5)))
    made = lists.create(owner, "Friends")
    path = f"/api/v1/lists/{made.pk}/accounts"
    for account in followed:
        assert client.post(path, {"account_ids[]": [account.pk]}).status_code == 200
    newest_first = [str(account.pk) for account in reversed(followed)]

    first = client.get(path, {"limit": 2})
    assert [account["id"] for account in first.json()] == newest_first[:2]
    next_url = first["Link"].split(";")[0].strip("<>")
    assert [account["id"] for account in client.get(next_url).json()] == newest_first[2:4]
    everyone = client.get(path, {"limit": 0})
    assert [account["id"] for account in everyone.json()] == newest_first
    assert "Link" not in everyone
    assert client.get(path, {"limit": -1}).status_code == 422

    removed = [followed[0].pk, followed[1].pk, 123456789]  # one never in the list: ignored, as Mastodon
    query = "&".join(f"account_ids[]={account_id}" for account_id in removed)
    assert client.client.delete(f"{path}?{query}", headers=client.headers).json() == {}
    body = client.client.delete(
        path, {"account_ids": [followed[2].pk]}, content_type="application/json", headers=client.headers
    )
    assert body.json() == {}
    assert [account["id"] for account in client.get(path, {"limit": 0}).json()] == newest_first[:2]


def test_an_accounts_lists_are_those_of_yours_holding_it() -> None:
    owner, client, (alice, bob) = owner_with_follows("alice", "bob")
    friends, family, _ = (lists.create(owner, title) for title in ("Friends", "Family", "Work"))
    lists.add_members(owner, friends.pk, [alice.pk])
    lists.add_members(owner, family.pk, [alice.pk, bob.pk])
    # Someone else listing alice changes nothing for the owner.
    stranger = make_user("stranger", with_password=False)
    graph.follow(stranger, alice)
    lists.add_members(stranger, lists.create(stranger, "Theirs").pk, [alice.pk])

    assert [item["title"] for item in client.get(f"/api/v1/accounts/{alice.pk}/lists").json()] == [
        "Friends",
        "Family",
    ]
    assert [item["title"] for item in client.get(f"/api/v1/accounts/{bob.pk}/lists").json()] == ["Family"]
    assert client.get(f"/api/v1/accounts/{stranger.pk}/lists").json() == []
    assert client.get("/api/v1/accounts/987654321/lists").status_code == 404


def test_unfollowing_or_blocking_takes_the_account_out_of_your_lists() -> None:
    owner, _, (alice, bob) = owner_with_follows("alice", "bob")
    made = lists.create(owner, "Friends")
    lists.add_members(owner, made.pk, [alice.pk, bob.pk])
    graph.unfollow(owner, alice)
    assert list(ListMember.objects.filter(list=made).values_list("account_id", flat=True)) == [bob.pk]
    graph.block(bob, owner)  # a block ends the follow both ways
    assert not ListMember.objects.filter(list=made).exists()


@pytest.mark.usefixtures("feed_stack")  # the list timeline is read from the feed service
def test_lists_need_the_lists_scopes() -> None:
    owner, _, _ = owner_with_follows()
    made = lists.create(owner, "Friends")
    reading = as_user(owner, "read:lists")
    assert reading.get("/api/v1/lists").status_code == 200
    assert reading.get(f"/api/v1/timelines/list/{made.pk}").status_code == 200
    assert reading.post("/api/v1/lists", {"title": "no"}).status_code == 403
    writing = as_user(owner, "write:lists")
    assert writing.post("/api/v1/lists", {"title": "yes"}).status_code == 200
    assert writing.get("/api/v1/lists").status_code == 403
    assert as_user(owner, "read:statuses").get(f"/api/v1/timelines/list/{made.pk}").status_code == 403
    assert ApiClient(None).get("/api/v1/lists").status_code == 401
