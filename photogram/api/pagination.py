"""Mastodon's pagination: cursors over a queryset (the window a request asks for) or an offset into a ranking,
and the `Link` header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import HttpResponse
from pydantic import Field

from photogram.api.endpoint import ApiRequest
from photogram.api.params import CursorParams, Params
from photogram.api.responses import json_response

M = TypeVar("M", bound=Model)
T_co = TypeVar("T_co", covariant=True)

CURSORS = ("max_id", "since_id", "min_id")
# How far into a ranking an offset may reach: deep enough for any person paging, shallow enough to stay cheap.
MAX_OFFSET = 100_000


@dataclass(frozen=True)
class Page(Generic[T_co]):
    """One page of rows, newest first, with the cursors of its two ends (None: an empty page)."""

    rows: Sequence[T_co]
    newest_cursor: int | None
    oldest_cursor: int | None


def paginate(
    request: ApiRequest[CursorParams],
    rows: QuerySet[M],
    *,
    cursor: str = "id",
    default_limit: int = 40,
    max_limit: int = 80,
) -> Page[M]:
    """Return the page of `rows` the request's cursors select, newest first."""
    selected = request.params.window(default_limit=default_limit, max_limit=max_limit).filter(rows, cursor)
    if not selected:
        return Page(selected, None, None)
    return Page(selected, getattr(selected[0], cursor), getattr(selected[-1], cursor))


def paginated_response(request: ApiRequest[CursorParams], page: Page[Any], body: object) -> HttpResponse:
    """Return `body` as JSON with the Link header pointing at the older and newer pages."""
    response = json_response(body)
    if page.oldest_cursor is None or page.newest_cursor is None:
        return response
    # Relative to the address the client used, so the links work behind any host name the instance answers to.
    base = request.http.build_absolute_uri(request.http.path)
    kept = {key: value for key, value in request.http.GET.items() if key not in CURSORS}
    next_url = f"{base}?{urlencode({**kept, 'max_id': page.oldest_cursor})}"
    prev_url = f"{base}?{urlencode({**kept, 'min_id': page.newest_cursor})}"
    response["Link"] = f'<{next_url}>; rel="next", <{prev_url}>; rel="prev"'
    return response


class OffsetParams(Params):
    """An offset into a ranked list (trends, the directory) and a page size, as Mastodon pages those."""

    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0
    limit: Annotated[int, Field(ge=1, le=2**31)] | None = None

    def page_size(self, *, default: int, maximum: int) -> int:
        """Return the page's size; a limit above the maximum asks for the maximum, as Mastodon."""
        return min(self.limit, maximum) if self.limit is not None else default


def offset_response(
    request: ApiRequest[Params], body: list[Any], *, offset: int, limit: int, full: bool
) -> HttpResponse:
    """Return `body` as JSON; when the page was full (before any entity left out), with a Link to the next one."""
    response = json_response(body)
    if full:
        base = request.http.build_absolute_uri(request.http.path)
        kept = {key: value for key, value in request.http.GET.items() if key not in {"offset", "limit"}}
        response["Link"] = f'<{base}?{urlencode({**kept, "offset": offset + limit, "limit": limit})}>; rel="next"'
    return response
