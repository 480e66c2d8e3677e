from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An answer other than success, as Mastodon clients expect it: a status and `{"error": "..."}`."""

    def __init__(self, status: int, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message}
        if self.details:
            body["details"] = self.details
        return body


def not_found() -> ApiError:
    return ApiError(404, "Record not found")
