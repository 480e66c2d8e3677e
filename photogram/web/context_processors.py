"""What every page's navigation shows of the signed-in person beyond their name: the waiting follow requests."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest

from photogram.accounts.models import User
from photogram.accounts.services import graph


def follow_requests(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """Offer the number of follow requests waiting, counted only if the page shows it (templates call it)."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}

    @functools.cache
    def waiting() -> int:
        return graph.follow_requests(user).count()

    return {"waiting_follow_requests": waiting}
