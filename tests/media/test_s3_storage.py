"""Media in S3-compatible buckets (a local moto server): renditions public and cacheable, originals private."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from storages.backends.s3 import S3Storage

from photogram.config import Environment
from photogram.core.storage_settings import PUBLIC_CACHE_CONTROL, storages_for
from photogram.media.models import MediaAttachment
from photogram.media.services import processing, upload
from photogram.media.tasks import process_media
from tests.support.api import ApiClient, make_token, make_user
from tests.support.s3 import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, s3_client, s3_server  # noqa: F401

# No Celery worker: on the full profile it is a separate process that never sees this test's STORAGES, so the
# upload's task is caught when it is sent and the processing service runs here, in the test process, instead.
pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Buckets:
    server: str
    client: Any
    public: str
    private: str
    private_prefix: str

    def keys(self, bucket: str) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=bucket)
        return [entry["Key"] for entry in listed.get("Contents", [])]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _get(url: str) -> tuple[int, Message, bytes]:
    """GET `url` anonymously (no credentials, as a browser would) and return the status, headers and body."""
    assert url.startswith("http://127.0.0.1:"), url
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (checked: the local server)
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as refused:
        with refused:
            return refused.code, refused.headers, refused.read()


@pytest.fixture(params=["own-private-bucket", "shared-bucket-behind-public-url"])
def s3_buckets(
    request: pytest.FixtureRequest,
    s3_server: str,  # noqa: F811 (the fixture imported above)
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> Buckets:
    """Point STORAGES at fresh buckets, configured by the code settings.py runs, in one of the two layouts."""
    client = s3_client(s3_server)
    public = f"photogram-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=public)
    fields: dict[str, Any] = {
        "s3_bucket": public,
        "s3_endpoint_url": s3_server,
        "s3_region": REGION,
        "s3_access_key_id": ACCESS_KEY_ID,
        "s3_secret_access_key": SECRET_ACCESS_KEY,
    }
    if request.param == "own-private-bucket":
        buckets = Buckets(s3_server, client, public, f"{public}-private", "")
        client.create_bucket(Bucket=buckets.private)
        fields["s3_private_bucket"] = buckets.private
    else:
        buckets = Buckets(s3_server, client, public, public, "private/")
        # Stands in for a CDN in front of the bucket: URLs must be built on it.
        fields["s3_public_url"] = f"{s3_server}/{public}/"
    settings.STORAGES = storages_for(Environment(**fields))
    # Django empties its storage cache when STORAGES changes; both ways of reaching a storage must see S3.
    assert isinstance(storages["default"], S3Storage)
    assert isinstance(default_storage, S3Storage)
    assert default_storage.bucket_name == public
    assert isinstance(storages["private"], S3Storage)
    # A FileField resolves its storage once, when the model class is made (at start-up on a server).
    monkeypatch.setattr(MediaAttachment._meta.get_field("original"), "storage", storages["private"])
    return buckets


@pytest.fixture
def caught_tasks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, tuple[Any, ...]]]:
    sent: list[tuple[Any, tuple[Any, ...]]] = []
    monkeypatch.setattr(upload, "enqueue_on_commit", lambda task, *args: sent.append((task, args)))
    return sent


def test_renditions_are_public_and_cacheable_and_originals_stay_private(
    s3_buckets: Buckets, caught_tasks: list[tuple[Any, tuple[Any, ...]]]
) -> None:
    buckets, photo = s3_buckets, _jpeg()
    client = ApiClient(make_token(make_user("s3user", with_password=False)))
    upload_file = SimpleUploadedFile("sky.jpg", photo, content_type="image/jpeg")
    created = client.client.post("/api/v2/media", {"file": upload_file}, headers=client.headers)
    assert created.status_code == 202, created.json()
    media = MediaAttachment.objects.get()
    assert caught_tasks == [(process_media, (media.pk,))]
    processing.process(media.pk)
    media.refresh_from_db()
    answer = client.get(f"/api/v1/media/{media.pk}")
    assert answer.status_code == 200, answer.json()
    body = answer.json()

    original_key = f"{buckets.private_prefix}originals/{media.owner_id}/{media.pk}"
    assert [key for key in buckets.keys(buckets.private) if key.startswith(buckets.private_prefix)] == [original_key]
    rendition_keys = [key for key in buckets.keys(buckets.public) if not key.startswith("private/")]
    assert rendition_keys
    assert all(key.startswith(f"renditions/{media.owner_id}/{media.pk}/") for key in rendition_keys)

    assert len(body["renditions"]) == len(rendition_keys)
    for rendition in body["renditions"]:
        key = media.renditions[rendition["name"]][rendition["format"]]["path"]
        stored = buckets.client.get_object(Bucket=buckets.public, Key=key)
        assert stored["ContentType"] == rendition["content_type"]
        assert stored["CacheControl"] == PUBLIC_CACHE_CONTROL
        # A stable URL: no signature, no expiry, the same every time it is asked for.
        assert urlsplit(rendition["url"]).query == ""
        assert rendition["url"].startswith(f"{buckets.server}/{buckets.public}/renditions/")
        status, headers, content = _get(rendition["url"])
        assert status == 200
        assert content == stored["Body"].read()
        assert headers.get("Content-Type") == rendition["content_type"], dict(headers)
        assert headers.get("Cache-Control") == PUBLIC_CACHE_CONTROL
    assert {body["url"], body["preview_url"]} <= {rendition["url"] for rendition in body["renditions"]}
    assert client.get(f"/api/v1/media/{media.pk}").json()["renditions"] == body["renditions"]

    # The original: a short-lived signed URL works, the same URL unsigned is refused.
    signed = media.original.url
    query = parse_qs(urlsplit(signed).query)
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["300"]
    status, _, content = _get(signed)
    assert (status, content) == (200, photo)
    assert _get(signed.split("?", 1)[0])[0] == 403
    grants = buckets.client.get_object_acl(Bucket=buckets.private, Key=original_key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]

    MediaAttachment.objects.filter(pk=media.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert processing.delete_unattached(older_than_hours=24) == 1
    assert buckets.keys(buckets.public) == []
    assert buckets.keys(buckets.private) == []


def test_without_a_bucket_files_stay_on_the_local_filesystem(settings: Any, tmp_path: Path) -> None:
    assert storages_for(Environment(data_dir=tmp_path)) == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "photogram.core.staticfiles.HashedStaticFilesStorage"},
    }
    # The suite runs without PHOTOGRAM_S3_BUCKET: what it runs on is that same configuration.
    assert storages_for(Environment()) == settings.STORAGES
    assert type(storages["default"]) is FileSystemStorage
    assert not isinstance(default_storage, S3Storage)
    private = storages["private"]
    assert isinstance(private, FileSystemStorage)
    assert Path(private.location) == Path(settings.MEDIA_ROOT).parent / "private"


def test_s3_options_follow_the_environment() -> None:
    chosen = storages_for(
        Environment(s3_bucket="media", s3_public_url="https://cdn.example.org/photos/", s3_object_acls=False)
    )
    public, private = chosen["default"]["OPTIONS"], chosen["private"]["OPTIONS"]
    assert (public["custom_domain"], public["url_protocol"]) == ("cdn.example.org/photos", "https:")
    assert (private["bucket_name"], private["location"]) == ("media", "private")
    # No credentials given: the AWS SDK's own chain (variables, instance role) supplies them.
    assert "access_key" not in public
    assert "secret_key" not in private
    assert "default_acl" not in public
    assert "default_acl" not in private
    assert (
        S3Storage(**public).url("renditions/1/2/full.webp") == "https://cdn.example.org/photos/renditions/1/2/full.webp"
    )
