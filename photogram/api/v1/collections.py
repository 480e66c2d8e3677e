"""Collections of saved posts (a Photogram extension): `/api/v1/collections`, private to their owner."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpResponse

from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.errors import ApiError, not_found
from photogram.api.pagination import paginate, paginated_response
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Collection, CollectionItem
from photogram.posts.services import collections
from photogram.posts.services.visibility import StatusNotFound, visible_statuses


def serialize_collection(collection: Collection, size: int) -> dict[str, Any]:
    return {
        "id": str(collection.pk),
        "name": collection.name,
        "position": collection.position,
        "statuses_count": size,
        "created_at": collection.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


def _size(collection: Collection) -> int:
    return CollectionItem.objects.filter(collection=collection).count()


@api_endpoint({"GET": "read:bookmarks", "POST": "write:bookmarks"})
def collection_list(request: ApiRequest) -> Any:
    """List your collections in your order; or make one (`name`)."""
    owner = request.require_user()
    if request.http.method == "POST":
        try:
            collection = collections.create(owner, request.params.required_text("name"))
        except collections.CollectionRefused as refused:
            raise ApiError(422, f"Validation failed: {refused}") from None
        return serialize_collection(collection, 0)
    rows = Collection.objects.filter(owner=owner)
    sizes = dict(
        CollectionItem.objects.filter(collection__owner=owner)
        .values("collection_id")
        .annotate(size=Count("pk"))
        .values_list("collection_id", "size")
    )
    return [serialize_collection(row, sizes.get(row.pk, 0)) for row in rows]


@api_endpoint({"GET": "read:bookmarks", "PATCH": "write:bookmarks", "DELETE": "write:bookmarks"})
def collection_detail(request: ApiRequest, collection_id: int) -> dict[str, Any]:
    """Show a collection; rename or move it (`name`, `position`, 1 is first); or delete it (posts stay saved)."""
    owner = request.require_user()
    try:
        if request.http.method == "DELETE":
            collections.delete(owner, collection_id)
            return {}
        if request.http.method == "PATCH":
            collection = collections.update(
                owner,
                collection_id,
                name=request.params.text("name"),
                position=request.params.integer("position"),
            )
        else:
            collection = collections.get(owner, collection_id)
    except collections.CollectionNotFound:
        raise not_found() from None
    except collections.CollectionRefused as refused:
        raise ApiError(422, f"Validation failed: {refused}") from None
    return serialize_collection(collection, _size(collection))


@api_endpoint({"GET": "read:bookmarks", "POST": "write:bookmarks"})
def collection_statuses(request: ApiRequest, collection_id: int) -> HttpResponse | dict[str, Any]:
    """List a collection's posts, newest added first; or add one (`status_id`), which also saves it."""
    owner = request.require_user()
    try:
        collection = collections.get(owner, collection_id)
        if request.http.method == "POST":
            status_id = request.params.integer("status_id")
            if status_id is None:
                raise ApiError(422, "Validation failed: status_id can't be blank")
            collections.add(owner, collection_id, status_id)
            return serialize_collection(collection, _size(collection))
    except collections.CollectionNotFound:
        raise not_found() from None
    except StatusNotFound:
        raise not_found() from None
    items = CollectionItem.objects.filter(collection=collection, status__in=visible_statuses(owner))
    page = paginate(request, items.only("id", "status_id"))
    return paginated_response(request, page, hydrate([row.status_id for row in page.rows], owner))


@api_endpoint({"DELETE": "write:bookmarks"})
def collection_status(request: ApiRequest, collection_id: int, status_id: int) -> dict[str, Any]:
    """Take a post out of a collection (it stays saved)."""
    owner = request.require_user()
    try:
        collections.remove(owner, collection_id, status_id)
        collection = collections.get(owner, collection_id)
    except collections.CollectionNotFound:
        raise not_found() from None
    return serialize_collection(collection, _size(collection))
