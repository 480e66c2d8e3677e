"""Hashtags: `/api/v1/tags/:name` (follow, unfollow, feature, unfeature), `/api/v1/followed_tags`,
`/api/v1/timelines/tag/:name`."""

from __future__ import annotations

from django.http import HttpResponse

from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import Page, paginate, paginated_response
from photogram.api.params import CursorParams, Flag, NoParams
from photogram.api.serializers.statuses import hydrate
from photogram.core.urls import absolute_url
from photogram.discovery.services import featured_tags
from photogram.posts.models import Tag, TagFollow
from photogram.posts.services import tags


def serialize_tags(found: list[Tag], viewer: User | None) -> list[entities.Tag]:
    """Return Mastodon's Tag entities, with their week of use and whether the viewer follows and features each."""
    histories = tags.histories(found)
    followed = tags.followed_ids(viewer, found)
    featuring = featured_tags.featuring_ids(viewer, found)
    return [
        {
            "name": tag.name,
            "url": absolute_url(f"/tags/{tag.name}"),
            "history": [
                {"day": day["day"], "uses": day["uses"], "accounts": day["accounts"]} for day in histories[tag.pk]
            ],
            "following": tag.pk in followed,
            "featuring": tag.pk in featuring,
        }
        for tag in found
    ]


def _tag(name: str) -> Tag:
    tag = tags.find(name)
    if tag is None:
        raise tags.TagNotFound(name)
    return tag


def _answer(tag: Tag, viewer: User | None) -> entities.Tag:
    return serialize_tags([tag], viewer)[0]


@api_endpoint("GET", "read:statuses", auth="optional", returns=entities.Tag)
def detail(request: ApiRequest[NoParams], name: str) -> entities.Tag:
    """Show a hashtag, its use over the last week, and whether you follow it."""
    return _answer(_tag(name), request.user)


@api_endpoint("POST", "write:follows", returns=entities.Tag)
def follow(request: ApiRequest[NoParams], name: str) -> entities.Tag:
    """Follow a hashtag (again: no change)."""
    return _answer(tags.follow(request.require_user(), name), request.user)


@api_endpoint("POST", "write:follows", returns=entities.Tag)
def unfollow(request: ApiRequest[NoParams], name: str) -> entities.Tag:
    """Stop following a hashtag."""
    tag = _tag(name)
    tags.unfollow(request.require_user(), name)
    return _answer(tag, request.user)


@api_endpoint("POST", "write:accounts", returns=entities.Tag)
def feature(request: ApiRequest[NoParams], name: str) -> entities.Tag:
    """Feature a hashtag on one's profile (again: no change)."""
    featured = featured_tags.feature(request.require_user(), name)
    return _answer(featured.tag, request.user)


@api_endpoint("POST", "write:accounts", returns=entities.Tag)
def unfeature(request: ApiRequest[NoParams], name: str) -> entities.Tag:
    """Stop featuring a hashtag on one's profile."""
    return _answer(featured_tags.unfeature_name(request.require_user(), name), request.user)


@api_endpoint("GET", "read:follows", params=CursorParams, returns=list[entities.Tag], paginated=True)
def followed(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the hashtags you follow, newest first."""
    page = paginate(request, TagFollow.objects.filter(account=request.require_user()).select_related("tag"))
    return paginated_response(request, page, serialize_tags([row.tag for row in page.rows], request.user))


class TagTimelineParams(CursorParams):
    only_media: Flag = False


@api_endpoint(
    "GET", "read:statuses", auth="optional", params=TagTimelineParams, returns=list[entities.Status], paginated=True
)
def timeline(request: ApiRequest[TagTimelineParams], name: str) -> HttpResponse:
    """List the public posts with a hashtag, newest first (only_media)."""
    tag = tags.find(name)
    if tag is None:
        return paginated_response(request, Page([], None, None), [])
    statuses = tags.timeline(request.user, tag)
    if request.params.only_media:
        statuses = statuses.filter(media_links__isnull=False).distinct()
    page = paginate(request, statuses.only("id"), default_limit=20, max_limit=40)
    return paginated_response(request, page, hydrate([row.pk for row in page.rows], request.user, context="public"))
