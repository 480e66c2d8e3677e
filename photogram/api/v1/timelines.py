"""`/api/v1/timelines/home`, `/api/v1/timelines/public`, and explore (a Photogram extension)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpResponse
from pydantic import Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import Page, offset_response, paginate, paginated_response
from photogram.api.params import CursorParams, Flag, Params
from photogram.api.serializers.statuses import hydrate
from photogram.feeds.services import explore, timeline

DEFAULT_LIMIT = 20
MAX_LIMIT = 40
MAX_EXPLORE_OFFSET = 1000


@api_endpoint("GET", "read:statuses", params=CursorParams, returns=list[entities.Status], paginated=True)
def home(request: ApiRequest[CursorParams]) -> HttpResponse:
    """Show the posts of the people one follows and one's own, newest first (max_id, since_id, min_id, limit)."""
    reader = request.require_user()
    page = timeline.home_page(reader, request.params.window(default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT))
    body = hydrate(page.status_ids, reader, followed_only=True, context="home")
    return paginated_response(request, Page(body, page.newest_cursor, page.oldest_cursor), body)


class PublicParams(CursorParams):
    local: Flag = False
    remote: Flag = False
    only_media: Flag = False


@api_endpoint(
    "GET", "read:statuses", auth="optional", params=PublicParams, returns=list[entities.Status], paginated=True
)
def public(request: ApiRequest[PublicParams]) -> HttpResponse:
    """Show this instance's public posts, newest first (local, remote, only_media, and the cursors)."""
    if request.params.remote:
        return paginated_response(request, Page([], None, None), [])  # no federation: nothing is remote
    posts = explore.public_posts(request.user, only_media=request.params.only_media)
    page = paginate(request, posts.only("id"), default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user, context="public"))


class ExploreParams(Params):
    offset: Annotated[int, Field(ge=0, le=MAX_EXPLORE_OFFSET)] = 0
    limit: Annotated[int, Field(ge=1, le=2**31)] = DEFAULT_LIMIT


@api_endpoint("GET", "read:statuses", auth="optional", params=ExploreParams, returns=list[entities.Status])
def explore_timeline(request: ApiRequest[ExploreParams]) -> HttpResponse:
    """Show this week's popular public posts from people one does not follow (offset, limit)."""
    offset, limit = request.params.offset, min(request.params.limit, MAX_LIMIT)
    ids = list(explore.explore_posts(request.user).values_list("id", flat=True)[offset : offset + limit])
    return offset_response(
        request, hydrate(ids, request.user, context="public"), offset=offset, limit=limit, full=len(ids) == limit
    )
