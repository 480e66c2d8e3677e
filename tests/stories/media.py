"""Uploads for story tests, processed by the real pipeline in the test's own process."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from photogram.accounts.models import User
from photogram.media.models import MediaAttachment
from photogram.media.services import processing
from photogram.media.services.upload import accept_upload
from tests.media.videos import make_video


def photo_bytes(size: tuple[int, int] = (1200, 900)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    image.paste((220, 20, 20), (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def ready(owner: User, content: bytes, name: str, content_type: str) -> MediaAttachment:
    """Upload a file and process it here and now (the task queued on commit never runs in these tests)."""
    media = accept_upload(owner, SimpleUploadedFile(name, content, content_type=content_type))
    processing.process(media.pk)
    return MediaAttachment.objects.get(pk=media.pk)


def ready_photo(owner: User, size: tuple[int, int] = (1200, 900)) -> MediaAttachment:
    return ready(owner, photo_bytes(size), "photo.jpg", "image/jpeg")


def ready_video(owner: User, *, seconds: float, size: str = "320x180") -> MediaAttachment:
    with tempfile.TemporaryDirectory() as scratch:
        path = make_video(Path(scratch) / "clip.mp4", size=size, rate=5, duration=seconds)
        return ready(owner, path.read_bytes(), "clip.mp4", "video/mp4")
