"""A carousel posted, read back, commented on and deleted with Mastodon.py, on the real media pipeline."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from mastodon import Mastodon, MastodonNotFoundError
from PIL import Image

from photogram.accounts.models import User
from photogram.media.models import MediaAttachment
from photogram.posts.models import Status
from tests.support.api import make_token, make_user
from tests.support.media import wait_until_done

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]


def _client(server: str, user: User) -> Mastodon:
    return Mastodon(
        access_token=make_token(user), api_base_url=server, version_check_mode="none", ratelimit_method="throw"
    )


def _jpeg(colour: tuple[int, int, int]) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), colour).save(buffer, format="JPEG")
    buffer.seek(0)
    return buffer


def test_carousel_comment_and_delete(live_server: Any) -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    client, fan_client = _client(str(live_server.url), author), _client(str(live_server.url), fan)
    uploads = [client.media_post(_jpeg(colour), mime_type="image/jpeg") for colour in ((200, 0, 0), (0, 0, 200))]
    ready = [wait_until_done(client, item.id) for item in uploads]
    assert all(item.url is not None for item in ready)
    order = [ready[1].id, ready[0].id]

    status = client.status_post("Two #colours", media_ids=order, idempotency_key="carousel-1")
    again = client.status_post("Two #colours", media_ids=order, idempotency_key="carousel-1")
    assert again.id == status.id
    read = fan_client.status(status.id)
    assert [item.id for item in read.media_attachments] == order
    assert [tag.name for tag in read.tags] == ["colours"]
    assert read.account.statuses_count == 1

    comment = fan_client.status_post("Lovely", in_reply_to_id=status.id)
    assert comment.in_reply_to_id == status.id
    assert fan_client.status(status.id).replies_count == 1
    assert [item.id for item in client.status_context(status.id).descendants] == [comment.id]
    assert [item.id for item in fan_client.account_statuses(author.pk, only_media=True)] == [status.id]

    stored = [item.url.split(settings.MEDIA_URL, 1)[1] for item in ready]
    assert all(default_storage.exists(path) for path in stored)
    deleted = client.status_delete(status.id)
    assert deleted.id == status.id
    with pytest.raises(MastodonNotFoundError):
        fan_client.status(status.id)
    assert not Status.objects.exists()
    assert not MediaAttachment.objects.filter(owner=author).exists()
    assert User.objects.get(pk=author.pk).statuses_count == 0
    assert not any(default_storage.exists(path) for path in stored)


def test_like_save_edit_pin_and_tags_with_exact_counts(live_server: Any) -> None:
    author, fan = make_user("author", with_password=False), make_user("fan", with_password=False)
    client, fan_client = _client(str(live_server.url), author), _client(str(live_server.url), fan)
    uploads = [client.media_post(_jpeg(colour), mime_type="image/jpeg") for colour in ((0, 150, 0), (90, 0, 90))]
    ready = [wait_until_done(client, item.id) for item in uploads]
    status = client.status_post("Morning #light", media_ids=[item.id for item in ready])

    def counts() -> tuple[int, int, int]:
        seen = fan_client.status(status.id)
        return seen.favourites_count, seen.replies_count, client.status(status.id).saves_count

    assert counts() == (0, 0, 0)
    assert fan_client.status_favourite(status.id).favourites_count == 1
    fan_client.status_favourite(status.id)
    assert counts() == (1, 0, 0)
    assert [item.id for item in fan_client.favourites()] == [status.id]
    assert [int(account.id) for account in client.status_favourited_by(status.id)] == [fan.pk]
    assert fan_client.status_bookmark(status.id).bookmarked is True
    assert counts() == (1, 0, 1)
    assert [item.id for item in fan_client.bookmarks()] == [status.id]
    fan_client.status_post("So bright", in_reply_to_id=status.id)
    assert counts() == (1, 1, 1)

    edited = client.status_update(status.id, status="Evening #light", media_ids=[ready[1].id, ready[0].id])
    assert edited.edited_at is not None
    assert [item.id for item in edited.media_attachments] == [ready[1].id, ready[0].id]
    assert len(client.status_history(status.id)) == 2
    assert client.status_source(status.id).text == "Evening #light"
    assert counts() == (1, 1, 1)
    assert client.status_pin(status.id).pinned is True
    assert [item.id for item in fan_client.account_statuses(author.pk, pinned=True)] == [status.id]
    assert [item.id for item in fan_client.timeline_hashtag("light")] == [status.id]
    assert fan_client.tag_follow("light").following is True

    fan_client.status_unfavourite(status.id)
    fan_client.status_unbookmark(status.id)
    assert counts() == (0, 1, 0)
    client.status_delete(status.id)
    assert User.objects.get(pk=author.pk).statuses_count == 0
    assert fan_client.favourites() == []
    assert fan_client.bookmarks() == []
