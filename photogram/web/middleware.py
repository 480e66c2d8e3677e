"""The Content-Security-Policy every answer carries: scripts and styles from this origin only, never inline."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponseBase

from photogram.core.urls import forget_when_urls_change


@functools.lru_cache(maxsize=1)
def policy() -> str:
    """Return the policy: nothing inline and no eval, so injected markup can run nothing.

    Images and videos may also come from the public address and the media storage's origin (object storage,
    a CDN). Style attributes are refused too: the pages set what they need from our script (a placeholder's
    colour).
    No `form-action`: browsers apply it to the redirect that follows a form, and the OAuth consent form
    redirects to the app's own address, anywhere.
    """
    # Entities name files by absolute URLs under the public address, which a visitor may reach by another.
    media = " ".join(dict.fromkeys([*_origin_of(settings.PUBLIC_URL), *_origin_of(default_storage.url("x"))]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {media}".strip(),
            f"media-src 'self' {media}".strip(),
            # The pages' live parts open the streaming API, its own port on the full profile (live.js).
            f"connect-src 'self' {' '.join(_origin_of(settings.STREAMING_URL))}".strip(),
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "manifest-src 'self'",
        ]
    )


def _origin_of(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


forget_when_urls_change(policy.cache_clear)


class ContentSecurityPolicyMiddleware:
    """Give every answer the policy, unless its view chose its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy()
        return response
