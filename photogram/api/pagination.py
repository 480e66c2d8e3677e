"""Mastodon's cursor pagination: `max_id`, `since_id`, `min_id`, `limit`, and a `Link` header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import HttpResponse

from photogram.api.endpoint import ApiRequest
from photogram.api.responses import json_response

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page:
    """One page of rows, newest first, with the cursors of its two ends."""

    rows: Sequence[Any]
    newest_cursor: int | None
    oldest_cursor: int | None


def paginate(
    request: ApiRequest, rows: QuerySet[M], *, cursor: str = "id", default_limit: int = 40, max_limit: int = 80
) -> Page:
    """Return the page of `rows` the request's cursors select, newest first."""
    params = request.params
    limit = params.integer("limit", default_limit) or default_limit
    limit = max(1, min(limit, max_limit))
    max_id, since_id, min_id = params.integer("max_id"), params.integer("since_id"), params.integer("min_id")
    if max_id is not None:
        rows = rows.filter(**{f"{cursor}__lt": max_id})
    if since_id is not None:
        rows = rows.filter(**{f"{cursor}__gt": since_id})
    if min_id is not None:
        # The page just after min_id: the oldest newer rows, shown newest first.
        selected = list(rows.filter(**{f"{cursor}__gt": min_id}).order_by(cursor)[:limit])[::-1]
    else:
        selected = list(rows.order_by(f"-{cursor}")[:limit])
    cursors = [getattr(row, cursor) for row in selected]
    return Page(selected, cursors[0] if cursors else None, cursors[-1] if cursors else None)


def paginated_response(request: ApiRequest, page: Page, body: list[Any]) -> HttpResponse:
    """Return `body` as JSON with the Link header pointing at the older and newer pages."""
    response = json_response(body)
    if page.oldest_cursor is None or page.newest_cursor is None:
        return response
    # Relative to the address the client used, so the links work behind any host name the instance answers to.
    base = request.http.build_absolute_uri(request.http.path)
    kept = {key: value for key, value in request.http.GET.items() if key not in {"max_id", "since_id", "min_id"}}
    next_url = f"{base}?{urlencode({**kept, 'max_id': page.oldest_cursor})}"
    prev_url = f"{base}?{urlencode({**kept, 'min_id': page.newest_cursor})}"
    response["Link"] = f'<{next_url}>; rel="next", <{prev_url}>; rel="prev"'
    return response
