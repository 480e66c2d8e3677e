"""Where files are kept: Django's STORAGES, built from the environment (used by settings.py and the tests)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from photogram.config import Environment

S3_BACKEND = "storages.backends.s3.S3Storage"
PRIVATE_PREFIX = "private"
PRIVATE_URL_LIFETIME_SECONDS = 300
# A served path names one rendition of one upload, made once and never edited: caches may keep it for good.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"


def storages_for(env: Environment) -> dict[str, dict[str, Any]]:
    """Return STORAGES: "default" holds what is served (renditions, avatars), "private" holds originals.

    Without `s3_bucket` both live on the local filesystem under `data_dir`; with it, in S3-compatible buckets.
    """
    staticfiles = {"BACKEND": "photogram.core.staticfiles.HashedStaticFilesStorage"}
    if not env.s3_bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": env.data_dir / "private", "base_url": None},
            },
            "staticfiles": staticfiles,
        }
    connection: dict[str, Any] = {
        "endpoint_url": env.s3_endpoint_url or None,
        "region_name": env.s3_region or None,
        "signature_version": "s3v4",
        # Paths are chosen by id, so a retry overwrites instead of saving a second copy under a new name.
        "file_overwrite": True,
    }
    if env.s3_access_key_id or env.s3_secret_access_key:
        connection |= {"access_key": env.s3_access_key_id, "secret_key": env.s3_secret_access_key}
    public: dict[str, Any] = {
        **connection,
        "bucket_name": env.s3_bucket,
        # Plain, stable URLs that browsers and CDNs can cache, rather than signatures that expire.
        "querystring_auth": False,
        "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL},
    }
    if env.s3_public_url:
        base = urlsplit(env.s3_public_url)
        public |= {"custom_domain": (base.netloc + base.path).rstrip("/"), "url_protocol": f"{base.scheme}:"}
    private: dict[str, Any] = {
        **connection,
        "bucket_name": env.s3_private_bucket or env.s3_bucket,
        "location": "" if env.s3_private_bucket else PRIVATE_PREFIX,
        "querystring_auth": True,
        "querystring_expire": PRIVATE_URL_LIFETIME_SECONDS,
    }
    if env.s3_object_acls:
        public["default_acl"] = "public-read"
        private["default_acl"] = "private"
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": public},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": private},
        "staticfiles": staticfiles,
    }
