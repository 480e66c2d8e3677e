"""`/api/v1/directory` (the profile directory) and `/api/v1/accounts/familiar_followers`."""

from __future__ import annotations

from typing import Literal

from django.http import HttpResponse

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import OffsetParams, offset_response
from photogram.api.params import BatchParams, Flag
from photogram.api.serializers.accounts import serialize_accounts
from photogram.discovery.services import directory as accounts_directory
from photogram.discovery.services.familiar import familiar_followers


class DirectoryParams(OffsetParams):
    order: Literal["active", "new"] = "active"
    local: Flag = False  # every account is local: no federation


@api_endpoint("GET", "read:accounts", auth="optional", params=DirectoryParams, returns=list[entities.Account])
def directory(request: ApiRequest[DirectoryParams]) -> HttpResponse:
    """List public accounts, by latest post ("active") or newest ("new") (offset, limit: 40, 80 at most)."""
    offset, limit = request.params.offset, request.params.page_size(default=40, maximum=80)
    found = list(accounts_directory.directory(request.user, request.params.order)[offset : offset + limit])
    return offset_response(request, serialize_accounts(found), offset=offset, limit=limit, full=len(found) == limit)


@api_endpoint("GET", "read:follows", params=BatchParams, returns=list[entities.FamiliarFollowers])
def familiar(request: ApiRequest[BatchParams]) -> list[entities.FamiliarFollowers]:
    """For each account (`id[]`, at most 40), list the people one follows who follow it."""
    found = familiar_followers(request.require_user(), request.params.id)
    people = {follower.pk: follower for _, followers in found for follower in followers}
    # One counter-store round trip for everybody listed, not one per account asked about.
    entities_by_id = dict(zip(people, serialize_accounts(list(people.values())), strict=True))
    return [
        {"id": str(target.pk), "accounts": [entities_by_id[follower.pk] for follower in followers]}
        for target, followers in found
    ]
