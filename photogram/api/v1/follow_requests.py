"""`/api/v1/follow_requests`: a locked account's owner answers who may follow them."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from photogram.accounts.models import FollowRequest
from photogram.accounts.services import graph
from photogram.accounts.services.visibility import AccountNotFound
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import not_found
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.accounts import serialize_accounts, serialize_relationship


@api_endpoint({"GET": "read:follows"})
def pending(request: ApiRequest) -> HttpResponse:
    """List the people asking to follow the logged-in person, newest first."""
    owner = request.require_user()
    rows = FollowRequest.objects.filter(
        target=owner, requester__suspended_at__isnull=True, requester__is_active=True
    ).select_related("requester")
    page = paginate(request, rows)
    return paginated_response(request, page, serialize_accounts([row.requester for row in page.rows]))


@api_endpoint({"POST": "write:follows"})
def authorize(request: ApiRequest, account_id: int) -> dict[str, Any]:
    """Accept a follow request: the person who asked now follows you."""
    try:
        return serialize_relationship(graph.authorize_follow_request(request.require_user(), account_id))
    except AccountNotFound:
        raise not_found() from None


@api_endpoint({"POST": "write:follows"})
def reject(request: ApiRequest, account_id: int) -> dict[str, Any]:
    """Turn down a follow request."""
    try:
        return serialize_relationship(graph.reject_follow_request(request.require_user(), account_id))
    except AccountNotFound:
        raise not_found() from None
