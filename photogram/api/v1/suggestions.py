"""Follow suggestions: `/api/v2/suggestions`, `/api/v1/suggestions`, and dismissing one."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NoParams, Params
from photogram.api.serializers.accounts import serialize_accounts
from photogram.discovery.services import suggestions


class SuggestionsParams(Params):
    limit: Annotated[int, Field(ge=1, le=2**31)] = 40


def _suggest(request: ApiRequest[SuggestionsParams]) -> list[suggestions.Suggestion]:
    return suggestions.suggest(request.require_user(), min(request.params.limit, 80))


@api_endpoint("GET", "read", params=SuggestionsParams, returns=list[entities.Suggestion])
def suggestions_v2(request: ApiRequest[SuggestionsParams]) -> list[entities.Suggestion]:
    """List accounts to follow and why: followed by people one follows first, then popular (limit: 40, 80 at most)."""
    found = _suggest(request)
    accounts = serialize_accounts([suggestion.account for suggestion in found])
    return [
        {
            # For clients that predate `sources`, mapped as Mastodon maps them.
            "source": "past_interactions" if "friends_of_friends" in suggestion.sources else "global",
            "sources": list(suggestion.sources),
            "account": account,
        }
        for suggestion, account in zip(found, accounts, strict=True)
    ]


@api_endpoint("GET", "read", params=SuggestionsParams, returns=list[entities.Account])
def suggestions_v1(request: ApiRequest[SuggestionsParams]) -> list[entities.Account]:
    """List accounts to follow, as /api/v2/suggestions without the reasons (limit: 40, 80 at most)."""
    return serialize_accounts([suggestion.account for suggestion in _suggest(request)])


@api_endpoint("DELETE", "read", returns=entities.Empty)
def dismiss(request: ApiRequest[NoParams], account_id: int) -> entities.Empty:
    """Never suggest this account again (an unknown or unsuggested account: no change, as in Mastodon)."""
    suggestions.dismiss(request.require_user(), account_id)
    return {}
