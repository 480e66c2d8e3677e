"""`/api/v1/featured_tags`: hashtags people feature on their profile, and `/api/v1/accounts/:id/featured_tags`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from photogram.access.querysets import get_visible_account
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NO_NUL, NoParams, Params
from photogram.api.serializers.status_bodies import timestamp
from photogram.api.v1.tags import serialize_tags
from photogram.core.urls import absolute_url
from photogram.discovery.services import featured_tags
from photogram.discovery.services.featured_tags import FeaturedTagUse


def _serialize(uses: list[FeaturedTagUse]) -> list[entities.FeaturedTag]:
    return [
        {
            "id": str(use.featured.pk),
            "name": use.featured.tag.name,
            # The account's posts with the hashtag, as Mastodon links them.
            "url": absolute_url(f"/@{use.featured.account.username}/tagged/{use.featured.tag.name}"),
            "statuses_count": str(use.statuses_count),
            "last_status_at": timestamp(use.last_status_at),
        }
        for use in uses
    ]


@api_endpoint("GET", "read:accounts", returns=list[entities.FeaturedTag])
def featured_list(request: ApiRequest[NoParams]) -> list[entities.FeaturedTag]:
    """List the hashtags one features on one's profile, most used first."""
    return _serialize(featured_tags.featured_of(request.require_user()))


class FeatureParams(Params):
    name: Annotated[str, Field(max_length=200, pattern=NO_NUL)]


@api_endpoint("POST", "write:accounts", params=FeatureParams, returns=entities.FeaturedTag)
def feature(request: ApiRequest[FeatureParams]) -> entities.FeaturedTag:
    """Feature a hashtag on one's profile (`name`, without the #; at most 10 hashtags)."""
    actor = request.require_user()
    featured = featured_tags.feature(actor, request.params.name)
    return next(item for item in _serialize(featured_tags.featured_of(actor)) if item["id"] == str(featured.pk))


@api_endpoint("DELETE", "write:accounts", returns=entities.Empty)
def unfeature(request: ApiRequest[NoParams], featured_id: int) -> entities.Empty:
    """Stop featuring a hashtag (by the featured tag's id; someone else's answers 404)."""
    featured_tags.unfeature(request.require_user(), featured_id)
    return {}


@api_endpoint("GET", "read:accounts", returns=list[entities.Tag])
def suggestions(request: ApiRequest[NoParams]) -> list[entities.Tag]:
    """List the 10 hashtags one used most and does not feature yet, with their week of use."""
    return serialize_tags(featured_tags.suggestions(request.require_user()), request.user)


@api_endpoint("GET", "read:accounts", auth="optional", returns=list[entities.FeaturedTag])
def account_featured(request: ApiRequest[NoParams], account_id: int) -> list[entities.FeaturedTag]:
    """List the hashtags an account features, with their use in its posts everybody may see."""
    return _serialize(featured_tags.featured_of(get_visible_account(request.user, account_id)))
