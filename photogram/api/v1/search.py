"""Search: `/api/v2/search` (accounts, hashtags, posts) and `/api/v1/accounts/search` (mention completion)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError
from photogram.api.params import Flag, Id, Params
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.statuses import hydrate
from photogram.api.v1.tags import serialize_tags
from photogram.search.services import search
from photogram.search.services.query import MAX_QUERY_LENGTH, read_query

# Deeper pages cost a sort of everything before them: past this, refine the query instead.
MAX_OFFSET = 10_000

Query = Annotated[str, Field(max_length=MAX_QUERY_LENGTH)]
Limit = Annotated[int, Field(ge=1, le=2**31)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


class SearchParams(Params):
    q: Query
    type: Literal["accounts", "hashtags", "statuses"] | None = None
    resolve: Flag = False  # no federation: addresses of this server are found with or without it
    following: Flag = False
    account_id: Id | None = None
    exclude_unreviewed: Flag = False  # hashtags are not reviewed here: every one counts as reviewed
    max_id: Id | None = None
    min_id: Id | None = None
    limit: Limit | None = None
    offset: Offset | None = None


def _require_login_for_paging(request: ApiRequest[SearchParams]) -> None:
    # Mastodon's rule: anonymous searches get a first page only, and never resolve.
    if request.user is None and request.params.offset is not None:
        raise ApiError(401, "Search queries pagination is not supported without authentication")
    if request.user is None and request.params.resolve:
        raise ApiError(401, "Search queries that resolve remote resources are not supported without authentication")


@api_endpoint("GET", "read:search", auth="optional", params=SearchParams, returns=entities.Search)
def search_v2(request: ApiRequest[SearchParams]) -> entities.Search:
    """Search accounts, hashtags and posts (posts only when logged in), 20 of each by default, at most 40."""
    _require_login_for_paging(request)
    params = request.params
    query = read_query(params.q)
    limit = min(params.limit or 20, 40)
    offset = params.offset or 0
    wanted = {params.type} if params.type else {"accounts", "hashtags", "statuses"}
    viewer = request.user
    found_accounts = (
        search.accounts(viewer, query, limit=limit, offset=offset, following=params.following)
        if "accounts" in wanted
        else []
    )
    found_tags = search.hashtags(query, limit=limit, offset=offset) if "hashtags" in wanted else []
    status_ids = (
        search.statuses(
            viewer,
            query,
            limit=limit,
            offset=offset,
            max_id=params.max_id,
            min_id=params.min_id,
            account_id=params.account_id,
        )
        if "statuses" in wanted
        else []
    )
    return {
        "accounts": serialize_accounts(found_accounts),
        "statuses": hydrate(status_ids, viewer),
        "hashtags": serialize_tags(found_tags, viewer),
    }


class AccountSearchParams(Params):
    q: Query
    limit: Limit | None = None
    offset: Offset | None = None
    resolve: Flag = False
    following: Flag = False


@api_endpoint("GET", "read:accounts", params=AccountSearchParams, returns=list[entities.Account])
def search_accounts(request: ApiRequest[AccountSearchParams]) -> list[entities.Account]:
    """Find accounts by username or display name, best match first (40 by default, at most 80)."""
    params = request.params
    found = search.accounts(
        request.require_user(),
        read_query(params.q),
        limit=min(params.limit or 40, 80),
        offset=params.offset or 0,
        following=params.following,
    )
    return serialize_accounts(found)
