"""`/api/v1/follow_requests`: a locked account's owner answers who may follow them."""

from __future__ import annotations

from django.http import HttpResponse

from photogram.accounts.services import graph
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import paginate, paginated_response
from photogram.api.params import CursorParams, NoParams
from photogram.api.serializers.accounts import serialize_accounts, serialize_relationship


@api_endpoint("GET", "read:follows", params=CursorParams, returns=list[entities.Account], paginated=True)
def pending(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the people asking to follow the logged-in person, newest first."""
    owner = request.require_user()
    page = paginate(request, graph.follow_requests(owner))
    return paginated_response(request, page, serialize_accounts([row.requester for row in page.rows]))


@api_endpoint("POST", "write:follows", returns=entities.Relationship)
def authorize(request: ApiRequest[NoParams], account_id: int) -> entities.Relationship:
    """Accept a follow request: the person who asked now follows you."""
    return serialize_relationship(graph.authorize_follow_request(request.require_user(), account_id))


@api_endpoint("POST", "write:follows", returns=entities.Relationship)
def reject(request: ApiRequest[NoParams], account_id: int) -> entities.Relationship:
    """Turn down a follow request."""
    return serialize_relationship(graph.reject_follow_request(request.require_user(), account_id))
