from photogram.posts.models.collection import Collection, CollectionItem
from photogram.posts.models.edit import StatusEdit
from photogram.posts.models.interaction import Bookmark, Favourite
from photogram.posts.models.pin import Pin
from photogram.posts.models.status import Mention, Status, StatusMedia
from photogram.posts.models.tag import StatusTag, Tag, TagFollow

__all__ = [
    "Bookmark",
    "Collection",
    "CollectionItem",
    "Favourite",
    "Mention",
    "Pin",
    "Status",
    "StatusEdit",
    "StatusMedia",
    "StatusTag",
    "Tag",
    "TagFollow",
]
