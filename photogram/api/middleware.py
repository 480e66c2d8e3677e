from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class ApiTrailingSlashMiddleware:
    """Treat `/api/v1/instance/` as `/api/v1/instance`, as Mastodon does: some clients add the slash."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and request.path_info.endswith("/"):
            request.path_info = request.path_info.rstrip("/")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse, with 413 and before reading it, a body larger than any request Photogram takes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit: int = settings.MAX_REQUEST_BYTES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"error": "The Content-Length header is not a number"}, status=400)
        if declared > self.limit:
            return JsonResponse(
                {"error": f"The request body is larger than this server takes ({self.limit} bytes)"}, status=413
            )
        return self.get_response(request)
