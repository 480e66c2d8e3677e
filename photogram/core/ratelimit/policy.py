"""The rate-limit policies: named budgets (settings.RATE_LIMIT_POLICIES) spent per account or address.

The API spends "api" per account (per address when anonymous), the web pages and the OAuth password grant
spend "sign_up" and "log_in" per address; every answer that spent a budget reports it in Mastodon's
X-RateLimit-* headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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


class RateLimited(Exception):
    """A budget is spent: answer 429 with `body()`, and the refused hit's headers (`add_headers`)."""

    status = 429
    message = "Too many requests"

    def __init__(self, result: RateLimitResult) -> None:
        super().__init__(self.message)
        self.result = result

    def body(self) -> dict[str, Any]:
        """Return the error body Mastodon clients expect."""
        return {"error": self.message}


def spend(name: str, key: str) -> RateLimitResult:
    """Count one request against a named policy; raise RateLimited when the budget is spent."""
    chosen = policy(name)
    result = rate_limits.default.hit(f"{name}:{key}", chosen.limit, chosen.window_seconds)
    if not result.allowed:
        raise RateLimited(result)
    return result


def add_headers(response: HttpResponse, result: RateLimitResult) -> None:
    """Set Mastodon's X-RateLimit-* headers (Reset is an ISO 8601 time) and Retry-After when refused."""
    response["X-RateLimit-Limit"] = str(result.limit)
    response["X-RateLimit-Remaining"] = str(result.remaining)
    response["X-RateLimit-Reset"] = datetime.fromtimestamp(result.reset_at, UTC).isoformat(timespec="seconds")
    if not result.allowed:
        response["Retry-After"] = str(result.retry_after)
