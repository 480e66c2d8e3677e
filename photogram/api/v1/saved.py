"""The viewer's own likes and saves: `/api/v1/favourites`, `/api/v1/bookmarks`, newest first."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import HttpResponse

from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Bookmark, Favourite
from photogram.posts.services.visibility import visible_statuses


def _listed(request: ApiRequest, rows: QuerySet[Model]) -> HttpResponse:
    # Paged by the like's or save's own id, as Mastodon does: the newest like first, whatever the post's age.
    page = paginate(request, rows.filter(status__in=visible_statuses(request.user)).only("id", "status_id"))
    return paginated_response(request, page, hydrate([row.status_id for row in page.rows], request.user))


@api_endpoint({"GET": "read:favourites"})
def favourites(request: ApiRequest) -> HttpResponse:
    """List the posts you liked that you may still see, newest like first."""
    return _listed(request, Favourite.objects.filter(account=request.require_user()))


@api_endpoint({"GET": "read:bookmarks"})
def bookmarks(request: ApiRequest) -> HttpResponse:
    """List the posts you saved that you may still see, newest save first."""
    return _listed(request, Bookmark.objects.filter(account=request.require_user()))
