"""Endorsements: `/api/v1/accounts/:id/pin` and `/unpin` (Mastodon 4.4: `/endorse`, `/unendorse`),
`/api/v1/endorsements`, and `/api/v1/accounts/:id/endorsements`."""

from __future__ import annotations

from django.http import HttpResponse

from photogram.access.querysets import connections_visible, get_visible_account
from photogram.accounts.services import graph
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import paginate, paginated_response
from photogram.api.params import CursorParams, NoParams
from photogram.api.serializers.accounts import serialize_accounts, serialize_relationship
from photogram.discovery.services import endorsements


@api_endpoint("POST", "write:accounts", returns=entities.Relationship)
def endorse(request: ApiRequest[NoParams], account_id: int) -> entities.Relationship:
    """Endorse an account one follows: show it on one's profile (again: no change)."""
    actor = request.require_user()
    endorsements.endorse(actor, get_visible_account(actor, account_id))
    return serialize_relationship(graph.relationships(actor, [account_id])[0])


@api_endpoint("POST", "write:accounts", returns=entities.Relationship)
def unendorse(request: ApiRequest[NoParams], account_id: int) -> entities.Relationship:
    """Stop endorsing an account."""
    actor = request.require_user()
    endorsements.unendorse(actor, get_visible_account(actor, account_id))
    return serialize_relationship(graph.relationships(actor, [account_id])[0])


@api_endpoint("GET", "read:accounts", params=CursorParams, returns=list[entities.Account], paginated=True)
def own(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the accounts one endorses, newest endorsement first."""
    actor = request.require_user()
    page = paginate(request, endorsements.endorsements_of(actor, actor))
    return paginated_response(request, page, serialize_accounts([row.target for row in page.rows]))


@api_endpoint(
    "GET", "read:accounts", auth="optional", params=CursorParams, returns=list[entities.Account], paginated=True
)
def of_account(request: ApiRequest[CursorParams], account_id: int) -> HttpResponse:
    """List the accounts an account endorses (a locked account's: for its approved followers only)."""
    account = get_visible_account(request.user, account_id)
    rows = endorsements.endorsements_of(account, request.user)
    if not connections_visible(request.user, account):
        rows = rows.none()
    page = paginate(request, rows)
    return paginated_response(request, page, serialize_accounts([row.target for row in page.rows]))
