"""`/api/v1/announcements`: the admins' notices, read state per person, and reactions."""

from __future__ import annotations

from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NoParams
from photogram.api.serializers import emojis
from photogram.api.serializers.status_bodies import timestamp
from photogram.core import text
from photogram.core.urls import absolute_url
from photogram.server.models import Announcement
from photogram.server.services import announcements


def serialize_announcements(found: list[Announcement], viewer: User) -> list[entities.Announcement]:
    """Return Announcement entities with the viewer's read state and reactions, in a constant number of queries."""
    state = announcements.state_for(viewer, found)
    custom = [reaction.custom_emoji for rows in state.reactions.values() for reaction in rows if reaction.custom_emoji]
    texts = [announcement.text for announcement in found]
    table = emojis.table() if custom else emojis.table_for(texts)
    serialized: list[entities.Announcement] = []
    for announcement in found:
        reactions: list[entities.Reaction] = []
        for reaction in state.reactions.get(announcement.pk, []):
            entity: entities.Reaction = {"name": reaction.name, "count": reaction.count, "me": reaction.me}
            emoji = table.get(reaction.custom_emoji or "")
            if emoji is not None:
                entity["url"], entity["static_url"] = emoji["url"], emoji["static_url"]
            reactions.append(entity)
        serialized.append(
            {
                "id": str(announcement.pk),
                "content": text.render(announcement.text),
                "starts_at": timestamp(announcement.starts_at),
                "ends_at": timestamp(announcement.ends_at),
                "all_day": announcement.all_day,
                "published_at": timestamp(announcement.published_at or announcement.created_at) or "",
                "updated_at": timestamp(announcement.updated_at) or "",
                "read": announcement.pk in state.read,
                "mentions": [],
                "statuses": [],
                "tags": [
                    {"name": tag, "url": absolute_url(f"/tags/{tag}")} for tag in text.hashtags_in(announcement.text)
                ],
                "emojis": emojis.used_in(table, announcement.text),
                "reactions": reactions,
            }
        )
    return serialized


@api_endpoint("GET", returns=list[entities.Announcement])
def announcement_list(request: ApiRequest[NoParams]) -> list[entities.Announcement]:
    """List the announcements showing now, oldest first, each saying whether you have read it."""
    return serialize_announcements(list(announcements.showing()), request.require_user())


@api_endpoint("POST", "write:accounts", returns=entities.Empty)
def dismiss(request: ApiRequest[NoParams], announcement_id: int) -> entities.Empty:
    """Mark an announcement as read."""
    announcements.dismiss(request.require_user(), announcement_id)
    return {}


@api_endpoint("PUT", "write:favourites", returns=entities.Empty)
def react(request: ApiRequest[NoParams], announcement_id: int, name: str) -> entities.Empty:
    """React to an announcement with a Unicode emoji or a custom emoji's shortcode."""
    announcements.react(request.require_user(), announcement_id, name)
    return {}


@api_endpoint("DELETE", "write:favourites", returns=entities.Empty)
def unreact(request: ApiRequest[NoParams], announcement_id: int, name: str) -> entities.Empty:
    """Take back your reaction to an announcement."""
    announcements.unreact(request.require_user(), announcement_id, name)
    return {}
