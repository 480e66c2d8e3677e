"""The API's rate limits: one budget per account (per address when anonymous), reported in every answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from photogram.api.errors import ApiError
from photogram.core.ratelimit import RateLimitResult, rate_limits


@dataclass(frozen=True)
class Policy:
    limit: int
    window_seconds: int


def policy(name: str) -> Policy:
    """Return the limit named in settings.RATE_LIMIT_POLICIES ("api", "sign_up", "log_in" ...)."""
    limit, window = settings.RATE_LIMIT_POLICIES[name]
    return Policy(limit, window)


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def spend(name: str, key: str) -> RateLimitResult:
    """Count one request against a named policy; answer 429 when the budget is spent."""
    chosen = policy(name)
    result = rate_limits.default.hit(f"{name}:{key}", chosen.limit, chosen.window_seconds)
    if not result.allowed:
        raise RateLimited(result)
    return result


class RateLimited(ApiError):
    def __init__(self, result: RateLimitResult) -> None:
        super().__init__(429, "Too many requests")
        self.result = result


def add_headers(response: HttpResponse, result: RateLimitResult) -> None:
    """Set Mastodon's X-RateLimit-* headers (Reset is an ISO 8601 time) and Retry-After when refused."""
    response["X-RateLimit-Limit"] = str(result.limit)
    response["X-RateLimit-Remaining"] = str(result.remaining)
    response["X-RateLimit-Reset"] = datetime.fromtimestamp(result.reset_at, UTC).isoformat(timespec="seconds")
    if not result.allowed:
        response["Retry-After"] = str(result.retry_after)
