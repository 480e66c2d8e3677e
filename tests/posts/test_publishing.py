"""Publishing and deleting through the API: the rules, each refusal's status and message, and exact counts."""

from __future__ import annotations

import pytest

from photogram.accounts.models import User
from photogram.accounts.services import graph
from photogram.media.models import MediaAttachment
from photogram.posts.models import Mention, Status, StatusMedia, StatusTag
from tests.posts.helpers import media, post
from tests.support.api import ApiClient, as_user, make_user

pytestmark = pytest.mark.django_db


def _counts(user: User) -> int:
    return User.objects.get(pk=user.pk).statuses_count


def _replies(status_id: int | str) -> int:
    return Status.objects.get(pk=status_id).replies_count


def test_a_carousel_keeps_its_order_and_links_tags_and_mentions() -> None:
    author, friend = make_user("author", with_password=False), make_user("Friend", with_password=False)
    uploads = [media(author) for _ in range(3)]
    order = [uploads[2].pk, uploads[0].pk, uploads[1].pk]
    response = as_user(author).post(
        "/api/v1/statuses",
        {
            "status": "Sunset #Beach #beach with @friend and @nobody",
            "media_ids[]": order,
            "visibility": "unlisted",
            "sensitive": "true",
            "spoiler_text": "bright",
            "language": "en",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [item["id"] for item in body["media_attachments"]] == [str(pk) for pk in order]
    assert [tag["name"] for tag in body["tags"]] == ["beach"]
    assert [item["id"] for item in body["mentions"]] == [str(friend.pk)]
    assert (body["visibility"], body["sensitive"], body["spoiler_text"], body["language"]) == (
        "unlisted",
        True,
        "bright",
        "en",
    )
    assert 'class="mention hashtag"' in body["content"]
    assert body["account"]["statuses_count"] == 1
    assert body["comments_enabled"] is True
    assert MediaAttachment.objects.filter(pk__in=order, attached_at__isnull=False).count() == 3


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("none", 422, "at least one photo"),
        ("twenty_one", 422, "at most 20"),
        ("pending", 422, "is still being processed; try again when it is ready"),
        ("processing", 422, "is still being processed; try again when it is ready"),
        ("failed", 422, "could not be processed"),
        ("unknown", 422, "was not found"),
        ("someone_elses", 422, "was not found"),
        ("attached", 422, "already attached"),
        ("long_caption", 422, "too long"),
        ("visibility", 422, "visibility: input should be"),
    ],
)
def test_bad_posts_are_refused_clearly_and_leave_nothing(setup: str, status: int, message: str) -> None:
    author = make_user("author", with_password=False)
    other = make_user("other", with_password=False)
    data: dict[str, object] = {"status": "hello", "media_ids[]": [media(author).pk]}
    if setup == "none":
        data["media_ids[]"] = []
    elif setup == "twenty_one":
        data["media_ids[]"] = [media(author).pk for _ in range(21)]
    elif setup in {"pending", "processing", "failed"}:
        data["media_ids[]"] = [media(author).pk, media(author, setup).pk]
    elif setup == "unknown":
        data["media_ids[]"] = [media(author).pk, 123]
    elif setup == "someone_elses":
        data["media_ids[]"] = [media(other).pk]
    elif setup == "attached":
        data["media_ids[]"] = [post(author).media_links.get().media_id]
    elif setup == "long_caption":
        data["status"] = "x" * 2201
    elif setup == "visibility":
        data["visibility"] = "friends"
    before = Status.objects.count()
    response = as_user(author).post("/api/v1/statuses", data)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert Status.objects.count() == before
    assert MediaAttachment.objects.filter(attached_at__isnull=False).count() == (1 if setup == "attached" else 0)
    assert _counts(author) == (1 if setup == "attached" else 0)


def test_unknown_media_message_names_it() -> None:
    author = make_user("author", with_password=False)
    response = as_user(author).post("/api/v1/statuses", {"status": "x", "media_ids[]": [123]})
    assert response.json()["error"] == "Validation failed: Media 123 was not found"


def test_the_same_idempotency_key_returns_the_first_post() -> None:
    author = make_user("author", with_password=False)
    client = as_user(author)
    first_media, second_media = media(author), media(author)
    key = {"Idempotency-Key": "retry-1"}
    first = client.client.post("/api/v1/statuses", {"media_ids[]": [first_media.pk]}, headers={**client.headers, **key})
    again = client.client.post(
        "/api/v1/statuses", {"media_ids[]": [second_media.pk]}, headers={**client.headers, **key}
    )
    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Status.objects.count() == 1
    assert _counts(author) == 1
    assert MediaAttachment.objects.get(pk=second_media.pk).attached_at is None
    # Another author's key is theirs alone.
    other = make_user("other", with_password=False)
    third = ApiClient(as_user(other).headers["Authorization"].split()[1])
    response = third.client.post(
        "/api/v1/statuses", {"media_ids[]": [media(other).pk]}, headers={**third.headers, **key}
    )
    assert response.json()["id"] != first.json()["id"]


def test_comments_thread_one_level_and_counts_stay_exact() -> None:
    author, fan, troll = (make_user(name, with_password=False) for name in ("author", "fan", "troll"))
    status = post(author, "look")
    fan_client, troll_client, author_client = as_user(fan), as_user(troll), as_user(author)
    comment = fan_client.post("/api/v1/statuses", {"status": "nice", "in_reply_to_id": status.pk}).json()
    answer = troll_client.post("/api/v1/statuses", {"status": "meh", "in_reply_to_id": comment["id"]}).json()
    # A reply to a comment goes under the post, answering the comment's author.
    assert answer["in_reply_to_id"] == str(status.pk)
    assert answer["in_reply_to_account_id"] == str(fan.pk)
    assert _replies(status.pk) == 2
    assert (_counts(author), _counts(fan), _counts(troll)) == (1, 0, 0)
    context = author_client.get(f"/api/v1/statuses/{status.pk}/context").json()
    assert [item["id"] for item in context["descendants"]] == [comment["id"], answer["id"]]
    ancestors = fan_client.get(f"/api/v1/statuses/{answer['id']}/context").json()["ancestors"]
    assert [item["id"] for item in ancestors] == [str(status.pk)]
    assert author_client.get(f"/api/v1/statuses/{status.pk}").json()["replies_count"] == 2

    # Only its author or the post's author may delete a comment.
    assert fan_client.client.delete(f"/api/v1/statuses/{answer['id']}", headers=fan_client.headers).status_code == 404
    deleted = author_client.client.delete(f"/api/v1/statuses/{answer['id']}", headers=author_client.headers)
    assert deleted.status_code == 200
    assert deleted.json()["id"] == answer["id"]
    assert _replies(status.pk) == 1
    own = fan_client.client.delete(f"/api/v1/statuses/{comment['id']}", headers=fan_client.headers)
    assert own.status_code == 200
    assert _replies(status.pk) == 0
    assert troll_client.client.delete(f"/api/v1/statuses/{status.pk}", headers=troll_client.headers).status_code == 404


def test_blocking_someone_removes_their_comments_from_your_posts() -> None:
    author, troll = make_user("author", with_password=False), make_user("troll", with_password=False)
    status = post(author)
    comment = as_user(troll).post("/api/v1/statuses", {"status": "meh", "in_reply_to_id": status.pk}).json()
    graph.block(author, troll)
    assert not Status.objects.filter(pk=comment["id"]).exists()
    client = as_user(author)
    assert client.client.delete(f"/api/v1/statuses/{comment['id']}", headers=client.headers).status_code == 404
    assert _replies(status.pk) == 0


def test_deleting_a_post_removes_its_comments_media_mentions_and_tags() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    status = post(author, "#tag @fan", photos=2)
    post(author, "second")
    as_user(fan).post("/api/v1/statuses", {"status": "wow", "in_reply_to_id": status.pk})
    assert _counts(author) == 2
    client = as_user(author)
    response = client.client.delete(f"/api/v1/statuses/{status.pk}", headers=client.headers)
    assert response.status_code == 200
    assert len(response.json()["media_attachments"]) == 2
    assert Status.objects.filter(author__in=[author, fan]).count() == 1
    assert _counts(author) == 1
    assert (StatusMedia.objects.count(), Mention.objects.count(), StatusTag.objects.count()) == (1, 0, 0)
    assert MediaAttachment.objects.filter(owner=author).count() == 1
    assert client.get(f"/api/v1/statuses/{status.pk}").status_code == 404


def test_comments_can_be_turned_off_and_text_only_comments_allowed() -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    closed = post(author, comments_enabled=False)
    response = as_user(fan).post("/api/v1/statuses", {"status": "hi", "in_reply_to_id": closed.pk})
    assert response.status_code == 422
    assert "Comments are turned off" in response.json()["error"]
    open_post = post(author)
    blank = as_user(fan).post("/api/v1/statuses", {"status": " ", "in_reply_to_id": open_post.pk})
    assert blank.status_code == 422
    with_photo = as_user(fan).post("/api/v1/statuses", {"media_ids[]": [media(fan).pk], "in_reply_to_id": open_post.pk})
    assert with_photo.status_code == 200
    assert _replies(open_post.pk) == 1


def test_replying_to_a_post_you_may_not_see_is_not_found() -> None:
    author, stranger = make_user("author", with_password=False), make_user("stranger", with_password=False)
    private = post(author, visibility="private")
    response = as_user(stranger).post("/api/v1/statuses", {"status": "hi", "in_reply_to_id": private.pk})
    assert response.status_code == 404
    graph.block(author, stranger)
    public = post(author)
    assert as_user(stranger).post("/api/v1/statuses", {"status": "x", "in_reply_to_id": public.pk}).status_code == 404
    assert _replies(public.pk) == _replies(private.pk) == 0
