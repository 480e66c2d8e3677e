"""`/api/v1/domain_blocks`: blocking whole servers, which means nothing while Photogram does not federate."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpResponse
from pydantic import Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import validation_failed
from photogram.api.pagination import Page, paginated_response
from photogram.api.params import NOT_BLANK, CursorParams, Params

NO_FEDERATION = "domain: federation is not available on this server, so there are no other servers to block"


class DomainParams(Params):
    domain: Annotated[str, Field(max_length=253, pattern=NOT_BLANK)]


@api_endpoint("GET", "read:blocks", params=CursorParams, returns=list[str], paginated=True)
def domain_blocks(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the servers you block: none, as this one does not federate."""
    return paginated_response(request, Page([], None, None), [])


@api_endpoint("POST", "write:blocks", params=DomainParams, returns=entities.Empty)
def block_domain(request: ApiRequest[DomainParams]) -> entities.Empty:
    """Block a server: refused with 422, as this one does not federate."""
    raise validation_failed(NO_FEDERATION)


@api_endpoint("DELETE", "write:blocks", params=DomainParams, returns=entities.Empty)
def unblock_domain(request: ApiRequest[DomainParams]) -> entities.Empty:
    """Unblock a server: refused with 422, as this one does not federate."""
    raise validation_failed(NO_FEDERATION)
