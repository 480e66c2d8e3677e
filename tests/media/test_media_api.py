"""Uploads through the API with Mastodon.py, processed by the real pipeline (a Celery worker on full)."""

from __future__ import annotations

import io
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pillow_heif
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from mastodon import Mastodon
from PIL import Image

from photogram.media.models import MediaAttachment
from photogram.media.tasks import delete_unattached_media
from tests.support.api import ApiClient, make_token, make_user
from tests.support.media import wait_until_done

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker_process")]

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def _photo(file_format: str, size: tuple[int, int] = (1600, 1200), *, rotated: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    # A red block in the top-left corner, to see where the top-left ends up.
    image.paste((220, 20, 20), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x0110] = "Model 1"
    exif[GPS_TAG] = {1: "N", 2: (48.0, 51.0, 30.0)}
    if rotated:
        exif[ORIENTATION_TAG] = 6
    buffer = io.BytesIO()
    if file_format == "HEIF":
        pillow_heif.register_heif_opener()
    image.save(buffer, format=file_format, exif=exif)
    return buffer.getvalue()


def _animated_gif() -> bytes:
    colours = ((220, 20, 20), (20, 220, 20), (20, 20, 220), (220, 220, 20))
    frames = [Image.new("RGB", (320, 240), colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _video(tmp_path: Path) -> bytes:
    target = tmp_path / "clip.mp4"
    subprocess.run(
        [
            "/usr/bin/ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=25:duration=1",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-metadata",
            "location=+48.8577+002.2950/",
            str(target),
        ],
        check=True,
    )
    return target.read_bytes()


@pytest.fixture
def client(live_server: Any) -> Mastodon:
    user = make_user("uploader", with_password=False)
    return Mastodon(
        access_token=make_token(user),
        api_base_url=str(live_server.url),
        version_check_mode="none",
        ratelimit_method="throw",
    )


def _stored(url: str) -> Path:
    relative = url.split(settings.MEDIA_URL, 1)[1]
    return Path(default_storage.path(relative))


@pytest.mark.parametrize(
    ("name", "mime", "make"),
    [
        ("photo.jpg", "image/jpeg", lambda tmp: _photo("JPEG", rotated=True)),
        ("photo.png", "image/png", lambda tmp: _photo("PNG")),
        ("photo.webp", "image/webp", lambda tmp: _photo("WEBP")),
        ("photo.heic", "image/heic", lambda tmp: _photo("HEIF")),
        ("photo.avif", "image/avif", lambda tmp: _photo("AVIF")),
        ("animation.gif", "image/gif", lambda tmp: _animated_gif()),
        ("clip.mp4", "video/mp4", _video),
    ],
)
def test_each_accepted_format_is_processed_and_served_without_location(
    client: Mastodon, tmp_path: Path, name: str, mime: str, make: Any
) -> None:
    data = make(tmp_path)
    uploaded = client.media_post(io.BytesIO(data), mime_type=mime, file_name=name, description="alt text")
    media = wait_until_done(client, uploaded.id)
    assert media.url is not None, media
    assert media.description == "alt text"
    assert media.blurhash
    assert media.type == {"video/mp4": "video", "image/gif": "gifv"}.get(mime, "image")
    assert media.renditions
    for rendition in media.renditions:
        served = _stored(rendition.url).read_bytes()
        assert b"48.85" not in served
        assert b"GPS" not in served
        if rendition.format in {"webp", "jpeg", "avif"}:
            with Image.open(io.BytesIO(served)) as image:
                assert image.size == (rendition.width, rendition.height)
                assert GPS_TAG not in image.getexif()
                assert ORIENTATION_TAG not in image.getexif()
    if name == "photo.jpg":
        # Rotated by its EXIF orientation: 1200 wide by 1600 tall, clamped to 4:5, upright.
        assert media.meta.original.width == 1200
        largest = next(r for r in media.renditions if r.name == "1080" and r.format == "jpeg")
        assert (largest.width, largest.height) == (1080, 1350)
        with Image.open(_stored(largest.url)) as image:
            corner = image.convert("RGB").getpixel((image.width - 5, 5))
            assert isinstance(corner, tuple)
            assert corner[0] > 150 > corner[2], "the top-left block must be at the top right after a 90° turn"
        stored = MediaAttachment.objects.get(pk=int(media.id))
        assert stored.camera.get("make") == "TestCam"
    # The original stays private: outside the served media folder, and named by id, not by its uploader.
    original = Path(MediaAttachment.objects.get(pk=int(media.id)).original.path)
    assert not original.is_relative_to(Path(settings.MEDIA_ROOT))
    assert name not in original.name


@pytest.mark.parametrize(
    ("name", "mime", "data", "reason"),
    [
        ("empty.jpg", "image/jpeg", b"", "empty"),
        ("notes.jpg", "image/jpeg", b"just some text, not a photo at all" * 10, "not a photo or video"),
        ("fake.mp4", "video/mp4", _photo("PNG", (64, 64)), "content is image/png"),
    ],
)
def test_plainly_bad_uploads_are_refused_at_once(name: str, mime: str, data: bytes, reason: str) -> None:
    client = ApiClient(make_token(make_user("sender", with_password=False)))
    response = _post_media(client, data, name, mime)
    assert response.status_code == 422
    assert reason in response.json()["error"]
    assert not MediaAttachment.objects.exists()


def _post_media(client: ApiClient, data: bytes, name: str, mime: str) -> Any:
    return client.client.post("/api/v2/media", {"file": _named(data, name, mime)}, headers=client.headers)


def _named(data: bytes, name: str, mime: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=mime)


def _upload_and_settle(data: bytes, name: str, mime: str) -> tuple[Any, MediaAttachment]:
    client = ApiClient(make_token(make_user("tester", with_password=False)))
    response = _post_media(client, data, name, mime)
    media = MediaAttachment.objects.get()
    deadline = time.monotonic() + 60
    while response.status_code in {202, 206} and time.monotonic() < deadline:
        time.sleep(0.2)
        response = client.get(f"/api/v1/media/{media.pk}")
    media.refresh_from_db()
    return response, media


def _bomb() -> bytes:
    image = Image.new("1", (12000, 12000))  # 144 MP, compresses to almost nothing
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "mime", "make", "reason"),
    [
        ("bomb.png", "image/png", _bomb, "pixels"),
        ("cut.jpg", "image/jpeg", lambda: _photo("JPEG")[:3000], ""),
    ],
)
def test_undecodable_uploads_end_failed_with_a_reason_and_no_renditions(
    name: str, mime: str, make: Any, reason: str
) -> None:
    response, media = _upload_and_settle(make(), name, mime)
    assert response.status_code == 422
    assert media.state == MediaAttachment.State.FAILED
    assert media.failure_reason
    assert reason in media.failure_reason
    assert response.json()["error"]
    assert media.renditions == {}
    assert not default_storage.exists(f"renditions/{media.owner_id}/{media.pk}")


def test_oversize_upload_is_refused(settings: Any) -> None:
    settings.CONTENT_LIMITS = {**settings.CONTENT_LIMITS, "image_size_limit": 1024}
    client = ApiClient(make_token(make_user("big", with_password=False)))
    response = _post_media(client, _photo("PNG"), "big.png", "image/png")
    assert response.status_code == 422
    assert "limit" in response.json()["error"]


def test_description_and_focus_can_be_changed_and_are_validated() -> None:
    owner = make_user("owner", with_password=False)
    client = ApiClient(make_token(owner))
    created = _post_media(client, _photo("JPEG", (400, 300)), "a.jpg", "image/jpeg")
    media_id = created.json()["id"] if created.status_code != 422 else pytest.fail(created.json())
    changed = client.client.put(
        f"/api/v1/media/{media_id}",
        "description=sunset&focus=0.5,-0.25",
        content_type="application/x-www-form-urlencoded",
        headers=client.headers,
    )
    assert changed.status_code == 200
    assert changed.json()["description"] == "sunset"
    assert changed.json()["meta"]["focus"] == {"x": 0.5, "y": -0.25}
    refused = client.client.put(
        f"/api/v1/media/{media_id}",
        "focus=3,3",
        content_type="application/x-www-form-urlencoded",
        headers=client.headers,
    )
    assert refused.status_code == 422
    stranger = ApiClient(make_token(make_user("stranger", with_password=False)))
    assert stranger.get(f"/api/v1/media/{media_id}").status_code == 404


def test_unattached_uploads_are_deleted_after_a_day() -> None:
    owner = make_user("forgetful", with_password=False)
    client = ApiClient(make_token(owner))
    _post_media(client, _photo("JPEG", (400, 300)), "a.jpg", "image/jpeg")
    media = MediaAttachment.objects.get()
    original_name = media.original.name
    assert delete_unattached_media.apply().get() == 0
    MediaAttachment.objects.filter(pk=media.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert delete_unattached_media.apply().get() == 1
    assert not MediaAttachment.objects.exists()
    assert not media.original.storage.exists(original_name)


def test_costly_formats_are_added_after_the_upload_is_ready(settings: Any) -> None:
    # The full profile's worker makes AVIF later by default; the embedded profile is told to here.
    settings.MEDIA_FORMATS = {"immediate": ["webp", "jpeg"], "deferred": ["avif"]}
    response, media = _upload_and_settle(_photo("JPEG", (1200, 900)), "later.jpg", "image/jpeg")
    assert response.status_code == 200
    deadline = time.monotonic() + 90
    while "avif" not in media.renditions.get("1080", {}) and time.monotonic() < deadline:
        time.sleep(0.3)
        media.refresh_from_db()
    avif = media.renditions["1080"]["avif"]
    assert (avif["width"], avif["height"]) == (1080, 810)
    with default_storage.open(avif["path"]) as stored, Image.open(stored) as image:
        assert image.format == "AVIF"
    assert "webp" in media.renditions["1080"]
