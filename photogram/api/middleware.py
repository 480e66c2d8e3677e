from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ApiTrailingSlashMiddleware:
    """Treat `/api/v1/instance/` as `/api/v1/instance`, as Mastodon does: some clients add the slash."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and request.path_info.endswith("/"):
            request.path_info = request.path_info.rstrip("/")
        return self.get_response(request)
