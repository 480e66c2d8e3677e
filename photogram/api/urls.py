"""Every API URL, each served by `route` over the endpoints declared for its methods.

`<id:...>` takes only what can be an id (digits, within 64 bits); anything else falls through to the JSON 404
at the end, like any path no endpoint serves.
"""

from django.urls import path, re_path, register_converter

from photogram.api import openapi
from photogram.api.endpoint import api_not_found, route
from photogram.api.v1 import (
    accounts,
    apps,
    collections,
    follow_requests,
    instance,
    media,
    saved,
    search,
    statuses,
    tags,
    timelines,
)
from photogram.core.window import MAX_ID


class IdConverter:
    """A path id: digits naming a positive signed 64-bit integer (a larger number is no id of ours)."""

    regex = "[0-9]{1,20}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not an id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("openapi.json", openapi.document, name="openapi"),
    path("v1/apps", route(apps.create_app)),
    path("v1/apps/verify_credentials", route(apps.verify_app_credentials)),
    path("v1/instance", route(instance.instance_v1)),
    path("v2/instance", route(instance.instance_v2)),
    path("v1/accounts", route(accounts.register)),
    path("v1/accounts/verify_credentials", route(accounts.verify_credentials)),
    path("v1/accounts/update_credentials", route(accounts.update_credentials)),
    path("v1/accounts/lookup", route(accounts.lookup)),
    path("v1/accounts/search", route(search.search_accounts)),
    path("v1/accounts/relationships", route(accounts.relationships)),
    path("v1/accounts/<id:account_id>", route(accounts.account_detail)),
    path("v1/accounts/<id:account_id>/followers", route(accounts.followers)),
    path("v1/accounts/<id:account_id>/following", route(accounts.following)),
    path("v1/accounts/<id:account_id>/follow", route(accounts.follow)),
    path("v1/accounts/<id:account_id>/unfollow", route(accounts.unfollow)),
    path("v1/accounts/<id:account_id>/block", route(accounts.block)),
    path("v1/accounts/<id:account_id>/unblock", route(accounts.unblock)),
    path("v1/accounts/<id:account_id>/mute", route(accounts.mute)),
    path("v1/accounts/<id:account_id>/unmute", route(accounts.unmute)),
    path("v1/accounts/<id:account_id>/statuses", route(statuses.account_statuses)),
    path("v1/blocks", route(accounts.blocks)),
    path("v1/mutes", route(accounts.mutes)),
    path("v1/media", route(media.create)),
    path("v2/media", route(media.create)),
    path("v1/media/<id:media_id>", route(media.detail, media.update)),
    path("v1/statuses", route(statuses.create)),
    path("v1/statuses/<id:status_id>", route(statuses.show, statuses.edit, statuses.delete)),
    path("v1/statuses/<id:status_id>/context", route(statuses.context)),
    path("v1/statuses/<id:status_id>/history", route(statuses.history)),
    path("v1/statuses/<id:status_id>/source", route(statuses.source)),
    path("v1/statuses/<id:status_id>/favourite", route(statuses.favourite)),
    path("v1/statuses/<id:status_id>/unfavourite", route(statuses.unfavourite)),
    path("v1/statuses/<id:status_id>/bookmark", route(statuses.bookmark)),
    path("v1/statuses/<id:status_id>/unbookmark", route(statuses.unbookmark)),
    path("v1/statuses/<id:status_id>/pin", route(statuses.pin)),
    path("v1/statuses/<id:status_id>/unpin", route(statuses.unpin)),
    path("v1/statuses/<id:status_id>/favourited_by", route(statuses.favourited_by)),
    path("v1/statuses/<id:status_id>/reblogged_by", route(statuses.reblogged_by)),
    path("v1/favourites", route(saved.favourites)),
    path("v1/bookmarks", route(saved.bookmarks)),
    path("v1/tags/<str:name>", route(tags.detail)),
    path("v1/tags/<str:name>/follow", route(tags.follow)),
    path("v1/tags/<str:name>/unfollow", route(tags.unfollow)),
    path("v1/followed_tags", route(tags.followed)),
    path("v1/timelines/tag/<str:name>", route(tags.timeline)),
    path("v1/collections", route(collections.collection_list, collections.create_collection)),
    path(
        "v1/collections/<id:collection_id>",
        route(collections.collection_detail, collections.update_collection, collections.delete_collection),
    ),
    path(
        "v1/collections/<id:collection_id>/statuses",
        route(collections.collection_statuses, collections.add_status),
    ),
    path("v1/collections/<id:collection_id>/statuses/<id:status_id>", route(collections.remove_status)),
    path("v1/timelines/home", route(timelines.home)),
    path("v1/timelines/public", route(timelines.public)),
    path("v1/timelines/explore", route(timelines.explore_timeline)),
    path("v2/search", route(search.search_v2)),
    path("v1/follow_requests", route(follow_requests.pending)),
    path("v1/follow_requests/<id:account_id>/authorize", route(follow_requests.authorize)),
    path("v1/follow_requests/<id:account_id>/reject", route(follow_requests.reject)),
    re_path(r"^", api_not_found),
]
