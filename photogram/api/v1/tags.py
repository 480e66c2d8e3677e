"""Hashtags: `/api/v1/tags/:name` (follow, unfollow), `/api/v1/followed_tags`, `/api/v1/timelines/tag/:name`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from photogram.accounts.models import User
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import not_found
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.statuses import hydrate
from photogram.core.urls import absolute_url
from photogram.posts.models import Tag, TagFollow
from photogram.posts.services import tags


def serialize_tags(found: list[Tag], viewer: User | None) -> list[dict[str, Any]]:
    """Return Mastodon's Tag entities, with their week of use and whether the viewer follows each."""
    histories = tags.histories(found)
    followed = tags.followed_ids(viewer, found)
    return [
        {
            "name": tag.name,
            "url": absolute_url(f"/tags/{tag.name}"),
            "history": histories[tag.pk],
            "following": tag.pk in followed,
        }
        for tag in found
    ]


def _tag(name: str) -> Tag:
    try:
        tag = tags.find(name)
    except tags.TagNotFound:
        raise not_found() from None
    if tag is None:
        raise not_found()
    return tag


def _answer(tag: Tag, viewer: User | None) -> dict[str, Any]:
    return serialize_tags([tag], viewer)[0]


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def detail(request: ApiRequest, name: str) -> dict[str, Any]:
    """Show a hashtag, its use over the last week, and whether you follow it."""
    return _answer(_tag(name), request.user)


@api_endpoint({"POST": "write:follows"})
def follow(request: ApiRequest, name: str) -> dict[str, Any]:
    """Follow a hashtag (again: no change)."""
    try:
        tag = tags.follow(request.require_user(), name)
    except tags.TagNotFound:
        raise not_found() from None
    return _answer(tag, request.user)


@api_endpoint({"POST": "write:follows"})
def unfollow(request: ApiRequest, name: str) -> dict[str, Any]:
    """Stop following a hashtag."""
    tag = _tag(name)
    tags.unfollow(request.require_user(), name)
    return _answer(tag, request.user)


@api_endpoint({"GET": "read:follows"})
def followed(request: ApiRequest) -> HttpResponse:
    """List the hashtags you follow, newest first."""
    page = paginate(request, TagFollow.objects.filter(account=request.require_user()).select_related("tag"))
    return paginated_response(request, page, serialize_tags([row.tag for row in page.rows], request.user))


@api_endpoint({"GET": "read:statuses"}, auth="optional")
def timeline(request: ApiRequest, name: str) -> HttpResponse:
    """List the public posts with a hashtag, newest first (only_media)."""
    try:
        tag = tags.find(name)
    except tags.TagNotFound:
        raise not_found() from None
    if tag is None:
        return HttpResponse("[]", content_type="application/json")
    statuses = tags.timeline(request.user, tag)
    if request.params.flag("only_media", False):
        statuses = statuses.filter(media_links__isnull=False).distinct()
    page = paginate(request, statuses.only("id"), default_limit=20, max_limit=40)
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user))
