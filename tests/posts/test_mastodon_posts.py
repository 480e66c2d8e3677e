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
