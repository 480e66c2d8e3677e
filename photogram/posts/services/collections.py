"""Named collections of saved posts (an extension): private to their owner, saving what goes in them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from photogram.accounts.models import User
from photogram.accounts.services.locking import lock_account
from photogram.posts.models import Collection, CollectionItem, Status
from photogram.posts.services import interactions

MAX_COLLECTIONS = 100
MAX_NAME_LENGTH = 100


class CollectionRefused(ValueError):
    """The collection cannot be made or changed as asked; the message says why (answered as 422)."""


class CollectionNotFound(LookupError):
    """No such collection of this owner."""


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise CollectionRefused("A collection needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise CollectionRefused(f"The name is too long (maximum is {MAX_NAME_LENGTH} characters)")
    return name


def get(owner: User, collection_id: int) -> Collection:
    """Return the owner's collection, or raise CollectionNotFound (others' collections are never shown)."""
    collection = Collection.objects.filter(owner=owner, pk=collection_id).first()
    if collection is None:
        raise CollectionNotFound(collection_id)
    return collection


def create(owner: User, name: str) -> Collection:
    """Make a collection at the end of the owner's list."""
    name = _clean_name(name)
    with transaction.atomic():
        lock_account(owner)  # two creations racing past the limit check would otherwise both land
        existing = Collection.objects.filter(owner=owner)
        if existing.count() >= MAX_COLLECTIONS:
            raise CollectionRefused(f"You can have at most {MAX_COLLECTIONS} collections")
        position = (existing.aggregate(last=Max("position"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                return Collection.objects.create(owner=owner, name=name, position=position)
        except IntegrityError:
            raise CollectionRefused(f"You already have a collection named {name!r}") from None


def update(owner: User, collection_id: int, *, name: str | None = None, position: int | None = None) -> Collection:
    """Rename a collection and/or move it to `position` (1 is first) in the owner's list."""
    with transaction.atomic():
        collection = get(owner, collection_id)
        if name is not None:
            collection.name = _clean_name(name)
            try:
                with transaction.atomic():
                    collection.save(update_fields=["name"])
            except IntegrityError:
                raise CollectionRefused(f"You already have a collection named {collection.name!r}") from None
        if position is not None:
            ordered = [item for item in Collection.objects.filter(owner=owner) if item.pk != collection.pk]
            ordered.insert(max(0, min(position - 1, len(ordered))), collection)
            for index, item in enumerate(ordered, start=1):
                if item.position != index:
                    item.position = index
                    item.save(update_fields=["position"])
    return collection


def delete(owner: User, collection_id: int) -> None:
    """Delete a collection; the posts in it stay saved."""
    get(owner, collection_id).delete()


def add(owner: User, collection_id: int, status_id: int) -> Status:
    """Put a post the owner may see into the collection, saving it; adding twice changes nothing."""
    with transaction.atomic():
        collection = get(owner, collection_id)
        status = interactions.bookmark(owner, status_id)
        CollectionItem.objects.get_or_create(collection=collection, status=status)
    return status


def remove(owner: User, collection_id: int, status_id: int) -> None:
    """Take a post out of the collection (it stays saved)."""
    CollectionItem.objects.filter(collection=get(owner, collection_id), status_id=status_id).delete()
