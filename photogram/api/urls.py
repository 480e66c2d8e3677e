"""Every API URL, each served by `route` over the endpoints declared for its methods.

`<id:...>` takes only what can be an id (digits, within 64 bits); anything else falls through to the JSON 404
at the end, like any path no endpoint serves.
"""

from django.urls import path, re_path, register_converter

from photogram.api import openapi
from photogram.api.endpoint import api_not_found, moved_to, route
from photogram.api.v1 import (
    accounts,
    announcements,
    apps,
    collections,
    custom_emojis,
    direct,
    directory,
    domain_blocks,
    endorsements,
    featured_tags,
    filters,
    follow_requests,
    highlights,
    instance,
    lists,
    markers,
    media,
    notifications,
    push,
    saved,
    search,
    statuses,
    stories,
    suggestions,
    tags,
    timelines,
    trends,
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

# Photogram's own extensions (saved-post collections, and next stories and direct threads) live outside the paths
# Mastodon owns, so a future Mastodon endpoint never collides with one of them.
EXTENSIONS = "photogram/v1"

urlpatterns = [
    path("openapi.json", openapi.document, name="openapi"),
    path("v1/apps", route(apps.create_app)),
    path("v1/apps/verify_credentials", route(apps.verify_app_credentials)),
    path("v1/push/subscription", route(push.subscribe, push.subscription, push.change, push.unsubscribe)),
    path("v1/instance", route(instance.instance_v1)),
    path("v2/instance", route(instance.instance_v2)),
    path("v1/instance/rules", route(instance.rules)),
    path("v1/instance/extended_description", route(instance.extended_description)),
    path("v1/instance/peers", route(instance.peers)),
    path("v1/instance/activity", route(instance.activity)),
    path("v1/custom_emojis", route(custom_emojis.custom_emoji_list)),
    path("v1/announcements", route(announcements.announcement_list)),
    path("v1/announcements/<id:announcement_id>/dismiss", route(announcements.dismiss)),
    path(
        "v1/announcements/<id:announcement_id>/reactions/<str:name>", route(announcements.react, announcements.unreact)
    ),
    path("v1/preferences", route(markers.preferences)),
    path("v1/markers", route(markers.markers, markers.save_markers)),
    path("v1/notifications", route(notifications.notification_list)),
    path("v1/notifications/clear", route(notifications.clear)),
    path("v1/notifications/unread_count", route(notifications.unread_count)),
    path("v1/notifications/requests", route(notifications.request_list)),
    path("v1/notifications/requests/accept", route(notifications.accept_requests)),
    path("v1/notifications/requests/dismiss", route(notifications.dismiss_requests)),
    path("v1/notifications/requests/merged", route(notifications.requests_merged)),
    path("v1/notifications/requests/<id:request_id>", route(notifications.request_detail)),
    path("v1/notifications/requests/<id:request_id>/accept", route(notifications.accept_request)),
    path("v1/notifications/requests/<id:request_id>/dismiss", route(notifications.dismiss_request)),
    path("v1/notifications/<id:notification_id>", route(notifications.notification_detail)),
    path("v1/notifications/<id:notification_id>/dismiss", route(notifications.dismiss)),
    path("v2/notifications", route(notifications.grouped_list)),
    path("v2/notifications/unread_count", route(notifications.grouped_unread_count)),
    path("v2/notifications/policy", route(notifications.policy_detail, notifications.update_policy)),
    path("v2/notifications/<str:group_key>", route(notifications.group_detail)),
    path("v2/notifications/<str:group_key>/dismiss", route(notifications.dismiss_group)),
    path("v2/notifications/<str:group_key>/accounts", route(notifications.group_accounts)),
    path(
        "v1/domain_blocks",
        route(domain_blocks.domain_blocks, domain_blocks.block_domain, domain_blocks.unblock_domain),
    ),
    path("v1/accounts", route(accounts.batch, accounts.register)),
    path("v1/accounts/verify_credentials", route(accounts.verify_credentials)),
    path("v1/accounts/update_credentials", route(accounts.update_credentials)),
    path("v1/accounts/lookup", route(accounts.lookup)),
    path("v1/accounts/search", route(search.search_accounts)),
    path("v1/accounts/relationships", route(accounts.relationships)),
    path("v1/accounts/familiar_followers", route(directory.familiar)),
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
    path("v1/accounts/<id:account_id>/featured_tags", route(featured_tags.account_featured)),
    path("v1/accounts/<id:account_id>/pin", route(endorsements.endorse)),
    path("v1/accounts/<id:account_id>/unpin", route(endorsements.unendorse)),
    path("v1/accounts/<id:account_id>/endorse", route(endorsements.endorse)),
    path("v1/accounts/<id:account_id>/unendorse", route(endorsements.unendorse)),
    path("v1/accounts/<id:account_id>/endorsements", route(endorsements.of_account)),
    path("v1/endorsements", route(endorsements.own)),
    path("v1/featured_tags", route(featured_tags.featured_list, featured_tags.feature)),
    path("v1/featured_tags/suggestions", route(featured_tags.suggestions)),
    path("v1/featured_tags/<id:featured_id>", route(featured_tags.unfeature)),
    path("v2/suggestions", route(suggestions.suggestions_v2)),
    path("v1/suggestions", route(suggestions.suggestions_v1)),
    path("v1/suggestions/<id:account_id>", route(suggestions.dismiss)),
    path("v1/directory", route(directory.directory)),
    path("v1/trends", route(trends.tags)),
    path("v1/trends/tags", route(trends.tags)),
    path("v1/trends/statuses", route(trends.statuses)),
    path("v1/trends/links", route(trends.links)),
    path("v1/accounts/<id:account_id>/lists", route(lists.account_lists)),
    path("v1/blocks", route(accounts.blocks)),
    path("v1/mutes", route(accounts.mutes)),
    path("v1/media", route(media.create)),
    path("v2/media", route(media.create)),
    path("v1/media/<id:media_id>", route(media.detail, media.update)),
    path("v1/statuses", route(statuses.batch, statuses.create)),
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
    path("v1/tags/<str:name>/feature", route(tags.feature)),
    path("v1/tags/<str:name>/unfeature", route(tags.unfeature)),
    path("v1/followed_tags", route(tags.followed)),
    path("v1/timelines/tag/<str:name>", route(tags.timeline)),
    path(f"{EXTENSIONS}/direct/threads", route(direct.inbox, direct.start_thread)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>", route(direct.thread_detail)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/messages", route(direct.thread_messages, direct.send_message)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/messages/<id:message_id>", route(direct.unsend_message)),
    path(
        f"{EXTENSIONS}/direct/threads/<id:thread_id>/messages/<id:message_id>/reaction",
        route(direct.react, direct.unreact),
    ),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/read", route(direct.mark_read)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/typing", route(direct.typing)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/mute", route(direct.mute)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/unmute", route(direct.unmute)),
    path(f"{EXTENSIONS}/direct/threads/<id:thread_id>/leave", route(direct.leave)),
    path(f"{EXTENSIONS}/direct/requests", route(direct.requests)),
    path(f"{EXTENSIONS}/direct/requests/<id:thread_id>", route(direct.delete_request)),
    path(f"{EXTENSIONS}/direct/requests/<id:thread_id>/accept", route(direct.accept_request)),
    path(f"{EXTENSIONS}/collections", route(collections.collection_list, collections.create_collection)),
    path(
        f"{EXTENSIONS}/collections/<id:collection_id>",
        route(collections.collection_detail, collections.update_collection, collections.delete_collection),
    ),
    path(
        f"{EXTENSIONS}/collections/<id:collection_id>/statuses",
        route(collections.collection_statuses, collections.add_status),
    ),
    path(f"{EXTENSIONS}/collections/<id:collection_id>/statuses/<id:status_id>", route(collections.remove_status)),
    path(f"{EXTENSIONS}/stories", route(stories.post_story)),
    path(f"{EXTENSIONS}/stories/tray", route(stories.tray)),
    path(f"{EXTENSIONS}/stories/replies", route(stories.received_replies)),
    path(
        f"{EXTENSIONS}/stories/close_friends",
        route(stories.close_friend_list, stories.add_close_friends, stories.remove_close_friends),
    ),
    path(f"{EXTENSIONS}/stories/<id:story_id>", route(stories.story_detail, stories.delete_story)),
    path(f"{EXTENSIONS}/stories/<id:story_id>/seen", route(stories.mark_seen)),
    path(f"{EXTENSIONS}/stories/<id:story_id>/viewers", route(stories.story_viewers)),
    path(f"{EXTENSIONS}/stories/<id:story_id>/replies", route(stories.reply_to_story)),
    path(f"{EXTENSIONS}/stories/<id:story_id>/reactions", route(stories.react_to_story)),
    path(f"{EXTENSIONS}/accounts/<id:account_id>/stories", route(stories.account_stories)),
    path(f"{EXTENSIONS}/accounts/<id:account_id>/highlights", route(highlights.account_highlights)),
    path(f"{EXTENSIONS}/highlights", route(highlights.create_highlight)),
    path(
        f"{EXTENSIONS}/highlights/<id:highlight_id>",
        route(highlights.highlight_detail, highlights.update_highlight, highlights.delete_highlight),
    ),
    path(f"{EXTENSIONS}/highlights/<id:highlight_id>/stories", route(highlights.add_story)),
    path(f"{EXTENSIONS}/highlights/<id:highlight_id>/stories/<id:story_id>", route(highlights.remove_story)),
    # Where the extension was until Mastodon 4.6 gave the path to its collections of accounts; kept one release.
    re_path(r"^v1/(?P<rest>collections(?:/.*)?)$", moved_to(f"/api/{EXTENSIONS}/")),
    path("v1/timelines/home", route(timelines.home)),
    path("v1/timelines/list/<id:list_id>", route(lists.list_timeline)),
    path("v1/lists", route(lists.list_index, lists.create_list)),
    path("v1/lists/<id:list_id>", route(lists.list_detail, lists.update_list, lists.delete_list)),
    path("v1/lists/<id:list_id>/accounts", route(lists.list_members, lists.add_members, lists.remove_members)),
    path("v1/timelines/public", route(timelines.public)),
    path("v1/timelines/explore", route(timelines.explore_timeline)),
    path("v2/filters", route(filters.filter_list, filters.create_filter)),
    path("v2/filters/<id:filter_id>", route(filters.filter_detail, filters.update_filter, filters.delete_filter)),
    path("v2/filters/<id:filter_id>/keywords", route(filters.keyword_list, filters.add_keyword)),
    path(
        "v2/filters/keywords/<id:keyword_id>",
        route(filters.keyword_detail, filters.update_keyword, filters.delete_keyword),
    ),
    path("v2/filters/<id:filter_id>/statuses", route(filters.status_list, filters.add_status)),
    path("v2/filters/statuses/<id:filter_status_id>", route(filters.status_detail, filters.remove_status)),
    path("v1/filters", route(filters.v1_list, filters.v1_create)),
    path("v1/filters/<id:keyword_id>", route(filters.v1_detail, filters.v1_update, filters.v1_delete)),
    path("v2/search", route(search.search_v2)),
    path("v1/follow_requests", route(follow_requests.pending)),
    path("v1/follow_requests/<id:account_id>/authorize", route(follow_requests.authorize)),
    path("v1/follow_requests/<id:account_id>/reject", route(follow_requests.reject)),
    re_path(r"^", api_not_found),
]
