"""The viewer's own likes and saves: `/api/v1/favourites`, `/api/v1/bookmarks`, newest first."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import QuerySet
from django.http import HttpResponse

from photogram.access.querysets import visible_statuses
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import paginate, paginated_response
from photogram.api.params import CursorParams
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Bookmark, Favourite

Saved = TypeVar("Saved", Favourite, Bookmark)


def _listed(request: ApiRequest[CursorParams], rows: QuerySet[Saved]) -> HttpResponse:
    # Paged by the like's or save's own id, as Mastodon does: the newest like first, whatever the post's age.
    page = paginate(request, rows.filter(status__in=visible_statuses(request.user)).only("id", "status_id"))
    return paginated_response(request, page, hydrate([row.status_id for row in page.rows], request.user))


@api_endpoint("GET", "read:favourites", params=CursorParams, returns=list[entities.Status], paginated=True)
def favourites(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the posts you liked that you may still see, newest like first."""
    return _listed(request, Favourite.objects.filter(account=request.require_user()))


@api_endpoint("GET", "read:bookmarks", params=CursorParams, returns=list[entities.Status], paginated=True)
def bookmarks(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List the posts you saved that you may still see, newest save first."""
    return _listed(request, Bookmark.objects.filter(account=request.require_user()))
