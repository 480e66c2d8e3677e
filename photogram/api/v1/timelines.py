"""`/api/v1/timelines/home`, `/api/v1/timelines/public`, and explore (a Photogram extension)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse

from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError
from photogram.api.pagination import Page, paginate, paginated_response
from photogram.api.serializers.statuses import hydrate
from photogram.core.window import CursorWindow
from photogram.feeds.services import explore, timeline
from photogram.rpc.client import FeedServiceUnavailable

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 40
# Ids are positive signed 64-bit integers; anything else is not a cursor this server gave out.
MAX_ID = 2**63 - 1
MAX_EXPLORE_OFFSET = 1000


def _cursor(request: ApiRequest, name: str) -> int | None:
    raw = request.http.GET.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) > MAX_ID:
        raise ApiError(400, f"{name} must be a post id (digits only), got {raw[:40]!r}")
    return int(raw)


def _limit(request: ApiRequest) -> int:
    raw = request.http.GET.get("limit")
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= 2**31:
        raise ApiError(400, f"limit must be a whole number from 1 to {MAX_LIMIT}, got {raw[:40]!r}")
    # As Mastodon does: more than the maximum asks for the maximum.
    return min(int(raw), MAX_LIMIT)


def _cursors(request: ApiRequest) -> dict[str, Any]:
    return {
        "max_id": _cursor(request, "max_id"),
        "since_id": _cursor(request, "since_id"),
        "min_id": _cursor(request, "min_id"),
        "limit": _limit(request),
    }


@api_endpoint({"GET": "read:statuses"})
def home(request: ApiRequest) -> HttpResponse:
    """Show the posts of the people one follows and one's own, newest first (max_id, since_id, min_id, limit)."""
    reader = request.require_user()
    try:
        page = timeline.home_page(reader, CursorWindow(**_cursors(request)))
    except FeedServiceUnavailable as error:
        logger.warning("home feed of %s unavailable: %s", reader.pk, error)
        raise ApiError(
            503, "The home feed is unavailable right now (its store did not answer); try again soon"
        ) from None
    body = hydrate(page.status_ids, reader, followed_only=True)
    return paginated_response(request, Page(body, page.newest_cursor, page.oldest_cursor), body)


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def public(request: ApiRequest) -> HttpResponse:
    """Show this instance's public posts, newest first (local, remote, only_media, and the cursors)."""
    _cursors(request)  # a malformed cursor is refused with 400 before `paginate` reads them
    if request.params.flag("remote", False):
        return paginated_response(request, Page([], None, None), [])  # no federation: nothing is remote
    posts = explore.public_posts(request.user, only_media=bool(request.params.flag("only_media", False)))
    page = paginate(request, posts.only("id"), default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user))


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def explore_timeline(request: ApiRequest) -> HttpResponse:
    """Show this week's popular public posts from people one does not follow (offset, limit)."""
    limit = _limit(request)
    offset = request.params.integer("offset", 0) or 0
    if not 0 <= offset <= MAX_EXPLORE_OFFSET:
        raise ApiError(400, f"offset must be from 0 to {MAX_EXPLORE_OFFSET}")
    ids = list(explore.explore_posts(request.user).values_list("id", flat=True)[offset : offset + limit])
    response = JsonResponse(hydrate(ids, request.user), safe=False)
    if len(ids) == limit:
        base = request.http.build_absolute_uri(request.http.path)
        response["Link"] = f'<{base}?{urlencode({"offset": offset + limit, "limit": limit})}>; rel="next"'
    return response
