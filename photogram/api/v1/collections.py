"""Collections of saved posts (a Photogram extension): `/api/photogram/v1/collections`, private to their owner."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Count
from django.http import HttpResponse
from pydantic import Field

from photogram.access.querysets import visible_statuses
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import paginate, paginated_response
from photogram.api.params import NOT_BLANK, CursorParams, Id, NoParams, Params
from photogram.api.serializers.statuses import hydrate
from photogram.posts.models import Collection, CollectionItem
from photogram.posts.services import collections


def serialize_collection(collection: Collection, size: int) -> entities.SavedCollection:
    return {
        "id": str(collection.pk),
        "name": collection.name,
        "position": collection.position,
        "statuses_count": size,
        "created_at": collection.created_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


def _answer(collection: Collection) -> entities.SavedCollection:
    return serialize_collection(collection, CollectionItem.objects.filter(collection=collection).count())


@api_endpoint("GET", "read:bookmarks", returns=list[entities.SavedCollection])
def collection_list(request: ApiRequest[NoParams]) -> list[entities.SavedCollection]:
    """List your collections in your order."""
    owner = request.require_user()
    sizes = dict(
        CollectionItem.objects.filter(collection__owner=owner)
        .values("collection_id")
        .annotate(size=Count("pk"))
        .values_list("collection_id", "size")
    )
    return [serialize_collection(row, sizes.get(row.pk, 0)) for row in Collection.objects.filter(owner=owner)]


Name = Annotated[str, Field(min_length=1, max_length=collections.MAX_NAME_LENGTH, pattern=NOT_BLANK)]


class CreateParams(Params):
    name: Name


@api_endpoint("POST", "write:bookmarks", params=CreateParams, returns=entities.SavedCollection)
def create_collection(request: ApiRequest[CreateParams]) -> entities.SavedCollection:
    """Make a collection (`name`), last in your order."""
    return serialize_collection(collections.create(request.require_user(), request.params.name), 0)


@api_endpoint("GET", "read:bookmarks", returns=entities.SavedCollection)
def collection_detail(request: ApiRequest[NoParams], collection_id: int) -> entities.SavedCollection:
    """Show a collection."""
    return _answer(collections.get(request.require_user(), collection_id))


class UpdateParams(Params):
    name: Name | None = None
    position: Annotated[int, Field(ge=1, le=2**31)] | None = None


@api_endpoint("PATCH", "write:bookmarks", params=UpdateParams, returns=entities.SavedCollection)
def update_collection(request: ApiRequest[UpdateParams], collection_id: int) -> entities.SavedCollection:
    """Rename a collection or move it (`position`, 1 is first)."""
    params = request.params
    return _answer(
        collections.update(request.require_user(), collection_id, name=params.name, position=params.position)
    )


@api_endpoint("DELETE", "write:bookmarks", returns=entities.Empty)
def delete_collection(request: ApiRequest[NoParams], collection_id: int) -> entities.Empty:
    """Delete a collection (its posts stay saved)."""
    collections.delete(request.require_user(), collection_id)
    return {}


@api_endpoint("GET", "read:bookmarks", params=CursorParams, returns=list[entities.Status], paginated=True)
def collection_statuses(request: ApiRequest[CursorParams], collection_id: int) -> HttpResponse:
    """List a collection's posts, newest added first."""
    owner = request.require_user()
    collection = collections.get(owner, collection_id)
    items = CollectionItem.objects.filter(collection=collection, status__in=visible_statuses(owner))
    page = paginate(request, items.only("id", "status_id"))
    return paginated_response(request, page, hydrate([row.status_id for row in page.rows], owner))


class AddParams(Params):
    status_id: Id


@api_endpoint("POST", "write:bookmarks", params=AddParams, returns=entities.SavedCollection)
def add_status(request: ApiRequest[AddParams], collection_id: int) -> entities.SavedCollection:
    """Add a post to a collection (`status_id`), which also saves it."""
    owner = request.require_user()
    collections.add(owner, collection_id, request.params.status_id)
    return _answer(collections.get(owner, collection_id))


@api_endpoint("DELETE", "write:bookmarks", returns=entities.SavedCollection)
def remove_status(request: ApiRequest[NoParams], collection_id: int, status_id: int) -> entities.SavedCollection:
    """Take a post out of a collection (it stays saved)."""
    owner = request.require_user()
    collections.remove(owner, collection_id, status_id)
    return _answer(collections.get(owner, collection_id))
