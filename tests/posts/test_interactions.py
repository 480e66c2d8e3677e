"""Likes and saves through the API: idempotent, exact counts, lists, and who may see what."""

from __future__ import annotations

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph, profile
from photogram.posts.models import Bookmark, Favourite, Status
from tests.posts.helpers import post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _status(client: ApiClient, status_id: int) -> dict[str, object]:
    response = client.get(f"/api/v1/statuses/{status_id}")
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def test_liking_twice_is_one_like_and_unliking_takes_it_back() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    client = as_user(fan)
    for _ in range(2):
        response = client.post(f"/api/v1/statuses/{status.pk}/favourite")
        assert response.status_code == 200
        assert (response.json()["favourited"], response.json()["favourites_count"]) == (True, 1)
    assert Favourite.objects.count() == 1
    assert _status(as_user(author), status.pk)["favourited"] is False
    for _ in range(2):
        response = client.post(f"/api/v1/statuses/{status.pk}/unfavourite")
        assert (response.json()["favourited"], response.json()["favourites_count"]) == (False, 0)
    assert Status.objects.get(pk=status.pk).favourites_count == 0


def test_saves_are_counted_for_the_author_only() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    saved = as_user(fan).post(f"/api/v1/statuses/{status.pk}/bookmark").json()
    assert saved["bookmarked"] is True
    assert saved["saves_count"] is None  # Instagram shows how many saved a post to its author only
    assert _status(as_user(author), status.pk)["saves_count"] == 1
    assert _status(as_user(author), status.pk)["bookmarked"] is False
    as_user(fan).post(f"/api/v1/statuses/{status.pk}/unbookmark")
    assert _status(as_user(author), status.pk)["saves_count"] == 0


def test_favourites_and_bookmarks_list_newest_first_with_links() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    posts = [post(author) for _ in range(5)]
    client = as_user(fan)
    for status in (posts[3], posts[0], posts[4], posts[1]):  # liked in this order
        client.post(f"/api/v1/statuses/{status.pk}/favourite")
        client.post(f"/api/v1/statuses/{status.pk}/bookmark")
    for path in ("/api/v1/favourites", "/api/v1/bookmarks"):
        first = client.get(path, {"limit": 2})
        assert [item["id"] for item in first.json()] == [str(posts[1].pk), str(posts[4].pk)]
        next_url = first["Link"].split(";")[0].strip("<>")
        second = client.get(next_url)
        assert [item["id"] for item in second.json()] == [str(posts[0].pk), str(posts[3].pk)]
    assert as_user(author).get("/api/v1/favourites").json() == []
    assert ApiClient(None).get("/api/v1/favourites").status_code == 401


def test_you_cannot_like_or_save_what_you_may_not_see() -> None:
    author, stranger = make_user("author", with_password=False), make_user("stranger", with_password=False)
    private = post(author, visibility="private")
    client = as_user(stranger)
    for action in ("favourite", "bookmark", "unfavourite", "unbookmark"):
        response = client.post(f"/api/v1/statuses/{private.pk}/{action}")
        assert response.status_code == 404
        assert response.json()["error"] == "Record not found"
    assert client.post("/api/v1/statuses/123/favourite").status_code == 404
    assert not Favourite.objects.exists()
    assert not Bookmark.objects.exists()


def test_likes_of_posts_that_became_hidden_leave_the_lists() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    client = as_user(fan)
    client.post(f"/api/v1/statuses/{status.pk}/favourite")
    client.post(f"/api/v1/statuses/{status.pk}/bookmark")
    graph.block(author, fan)
    assert client.get("/api/v1/favourites").json() == []
    assert client.get("/api/v1/bookmarks").json() == []


def test_favourited_by_lists_the_accounts_the_viewer_may_see() -> None:
    author, fan, troll, viewer = (make_user(name, with_password=False) for name in ("author", "fan", "troll", "viewer"))
    status = post(author)
    for person in (fan, troll):
        as_user(person).post(f"/api/v1/statuses/{status.pk}/favourite")
    graph.block(viewer, troll)
    listed = as_user(viewer).get(f"/api/v1/statuses/{status.pk}/favourited_by").json()
    assert [item["id"] for item in listed] == [str(fan.pk)]
    listed = ApiClient(None).get(f"/api/v1/statuses/{status.pk}/favourited_by").json()
    assert [item["id"] for item in listed] == [str(troll.pk), str(fan.pk)]
    assert ApiClient(None).get(f"/api/v1/statuses/{status.pk}/reblogged_by").json() == []
    hidden = post(author, visibility="private")
    assert as_user(viewer).get(f"/api/v1/statuses/{hidden.pk}/favourited_by").status_code == 404


def test_a_deleted_account_takes_its_likes_saves_and_comments_out_of_the_counts() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    client = as_user(fan)
    client.post(f"/api/v1/statuses/{status.pk}/favourite")
    client.post(f"/api/v1/statuses/{status.pk}/bookmark")
    client.post("/api/v1/statuses", {"status": "one", "in_reply_to_id": status.pk})
    client.post("/api/v1/statuses", {"status": "two", "in_reply_to_id": status.pk})
    graph.follow(fan, author)
    profile.delete_account(User.objects.get(pk=fan.pk))
    body = _status(as_user(author), status.pk)
    assert (body["favourites_count"], body["saves_count"], body["replies_count"]) == (0, 0, 0)
    assert body["account"]["followers_count"] == 0  # type: ignore[index]
    row = Status.objects.get(pk=status.pk)
    assert (row.favourites_count, row.saves_count, row.replies_count) == (0, 0, 0)


def test_likes_need_the_favourites_scope() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author)
    response = as_user(fan, "read").post(f"/api/v1/statuses/{status.pk}/favourite")
    assert response.status_code == 403
    assert as_user(fan, "write:favourites").post(f"/api/v1/statuses/{status.pk}/favourite").status_code == 200
    assert as_user(fan, "write:favourites").post(f"/api/v1/statuses/{status.pk}/bookmark").status_code == 403


def test_blocking_removes_the_likes_and_comments_each_left_on_the_others_posts() -> None:
    author, troll, fan = (make_user(name, with_password=False) for name in ("author", "troll", "fan"))
    mine, theirs = post(author), post(troll)
    troll_client, author_client = as_user(troll), as_user(author)
    troll_client.post(f"/api/v1/statuses/{mine.pk}/favourite")
    troll_client.post("/api/v1/statuses", {"status": "meh", "in_reply_to_id": mine.pk})
    author_client.post(f"/api/v1/statuses/{theirs.pk}/favourite")
    author_client.post("/api/v1/statuses", {"status": "hm", "in_reply_to_id": theirs.pk})
    as_user(fan).post(f"/api/v1/statuses/{mine.pk}/favourite")
    as_user(fan).post("/api/v1/statuses", {"status": "lovely", "in_reply_to_id": mine.pk})
    graph.block(author, troll)
    body = _status(as_user(fan), mine.pk)
    assert (body["favourites_count"], body["replies_count"]) == (1, 1)
    row = Status.objects.get(pk=theirs.pk)
    assert (row.favourites_count, row.replies_count) == (0, 0)
    assert list(Favourite.objects.values_list("account_id", flat=True)) == [fan.pk]
    assert Status.objects.filter(in_reply_to__isnull=False).count() == 1
