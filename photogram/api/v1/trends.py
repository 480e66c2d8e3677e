"""`/api/v1/trends/*`: the hashtags and posts many people took up lately (`discovery.services.trends`)."""

from __future__ import annotations

from django.http import HttpResponse

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import OffsetParams, offset_response
from photogram.api.serializers.statuses import hydrate
from photogram.api.v1.tags import serialize_tags
from photogram.discovery.services import trends


@api_endpoint("GET", "read:statuses", auth="optional", params=OffsetParams, returns=list[entities.Tag])
def tags(request: ApiRequest[OffsetParams]) -> HttpResponse:
    """List the hashtags most people used lately, with their week of use (offset, limit: 10 by default, 20 at most)."""
    offset, limit = request.params.offset, request.params.page_size(default=10, maximum=20)
    found = trends.trending_tags(offset, limit)
    return offset_response(
        request, serialize_tags(found, request.user), offset=offset, limit=limit, full=len(found) == limit
    )


@api_endpoint("GET", "read:statuses", auth="optional", params=OffsetParams, returns=list[entities.Status])
def statuses(request: ApiRequest[OffsetParams]) -> HttpResponse:
    """List the public posts most people liked or commented on lately (offset, limit: 20 by default, 40 at most)."""
    offset, limit = request.params.offset, request.params.page_size(default=20, maximum=40)
    ids = trends.trending_status_ids(request.user, offset, limit)
    return offset_response(request, hydrate(ids, request.user), offset=offset, limit=limit, full=len(ids) == limit)


@api_endpoint("GET", "read:statuses", auth="optional", params=OffsetParams, returns=list[entities.TrendsLink])
def links(request: ApiRequest[OffsetParams]) -> list[entities.TrendsLink]:
    """List the links many people shared: none, as Photogram makes no link previews (answered for Mastodon clients)."""
    return []
