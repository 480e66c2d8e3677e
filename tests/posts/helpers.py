"""Posts made directly through the service, on uploads made ready without processing (fast)."""

from __future__ import annotations

from typing import Any

from photogram.accounts.models import User
from photogram.media.models import MediaAttachment
from photogram.posts.models import Status
from photogram.posts.services import publishing


def media(owner: User, state: str = MediaAttachment.State.READY) -> MediaAttachment:
    rendition = {"path": "renditions/test.jpg", "width": 400, "height": 300, "content_type": "image/jpeg"}
    return MediaAttachment.objects.create(
        owner=owner,
        state=state,
        kind=MediaAttachment.Kind.IMAGE,
        original=f"originals/{owner.pk}/test",
        original_content_type="image/jpeg",
        original_size=1000,
        width=400,
        height=300,
        renditions={"640": {"jpeg": rendition}} if state == MediaAttachment.State.READY else {},
    )


def post(author: User, caption: str = "", *, photos: int = 1, **options: Any) -> Status:
    return publishing.publish(author, caption, [media(author).pk for _ in range(photos)], **options)
