"""Stories (a Photogram extension): `/api/photogram/v1/stories...`, the tray, seen marks, viewers, close friends.

Thin: each view parses, calls `photogram.stories.services`, and renders. A story one may not see answers 404,
as one that never was or has expired.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field

from photogram.accounts.models import User
from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NOT_BLANK, Id, NoParams, Params
from photogram.api.serializers.accounts import serialize_accounts
from photogram.api.serializers.media import serialize_media, served_url
from photogram.api.serializers.status_bodies import timestamp
from photogram.media.models import MediaAttachment
from photogram.media.processing.vertical import VERTICAL
from photogram.stories.models import StoryReply
from photogram.stories.services import close_friends, posting, replies, viewing
from photogram.stories.services.viewing import StoryItem

MAX_ACCOUNT_IDS = 250


def vertical_url(media: MediaAttachment) -> str | None:
    """Return the URL of the 9:16 rendition a story is shown in, None until it is made."""
    formats = media.renditions.get(VERTICAL, {})
    entry = formats.get("mp4") or formats.get("webp") or formats.get("jpeg")
    return served_url(entry["path"]) if entry else None


def serialize_stories(items: Sequence[StoryItem], viewer: User) -> list[entities.Story]:
    """Render stories, reading their authors in one query."""
    authors = {account.pk: account for account in User.objects.filter(pk__in={item.ref.author_id for item in items})}
    rendered = dict(zip(authors, serialize_accounts(list(authors.values())), strict=True))
    return [
        {
            "id": str(item.ref.id),
            "account": rendered[item.ref.author_id],
            "media_attachment": serialize_media(item.media, viewer),
            "vertical_url": vertical_url(item.media),
            "audience": "close_friends" if item.ref.audience == "close_friends" else "followers",
            "created_at": timestamp(item.ref.created_at) or "",
            "expires_at": timestamp(item.expires_at) or "",
            "seen": item.seen,
        }
        for item in items
        if item.ref.author_id in rendered
    ]


@api_endpoint("GET", "read:statuses", returns=list[entities.StoryTrayEntry])
def tray(request: ApiRequest[NoParams]) -> list[entities.StoryTrayEntry]:
    """The story tray: accounts you follow with live stories, unseen first, then the most recent.

    Accounts you mute are left out (their stories still open from their profile).
    """
    viewer = request.require_user()
    entries = viewing.tray(viewer)
    stories = serialize_stories([item for entry in entries for item in entry.stories], viewer)
    by_id = {story["id"]: story for story in stories}
    return [
        {
            "account": by_id[str(entry.stories[0].ref.id)]["account"],
            "has_unseen": entry.has_unseen,
            "latest_at": timestamp(max(item.ref.created_at for item in entry.stories)) or "",
            "stories": [by_id[str(item.ref.id)] for item in entry.stories],
        }
        for entry in entries
    ]


class PostParams(Params):
    media_id: Id
    audience: Literal["followers", "close_friends"] = "followers"


@api_endpoint(
    "POST", "write:statuses", params=PostParams, returns=entities.Story, errors={404: "No such upload of yours"}
)
def post_story(request: ApiRequest[PostParams]) -> entities.Story:
    """Post a story of a processed upload (`media_id`): a photo, or a video up to 60 seconds.

    `audience`: `followers` (whoever may see your account) or `close_friends` (your close-friends list).
    It is shown for 24 hours; its 9:16 rendition (`vertical_url`) is made a moment after posting.
    """
    author = request.require_user()
    story = posting.post_story(author, request.params.media_id, request.params.audience)
    return serialize_stories([viewing.get_story(author, story.id)], author)[0]


@api_endpoint("GET", "read:statuses", returns=entities.Story, errors={404: "No such live story you may see"})
def story_detail(request: ApiRequest[NoParams], story_id: int) -> entities.Story:
    """Show a live story (without marking it seen)."""
    viewer = request.require_user()
    return serialize_stories([viewing.get_story(viewer, story_id)], viewer)[0]


@api_endpoint("DELETE", "write:statuses", returns=entities.Empty, errors={404: "No such live story of yours"})
def delete_story(request: ApiRequest[NoParams], story_id: int) -> entities.Empty:
    """Take your live story down now; its files are deleted unless a highlight keeps it."""
    posting.delete_story(request.require_user(), story_id)
    return {}


@api_endpoint("POST", "write:statuses", returns=entities.Story, errors={404: "No such live story you may see"})
def mark_seen(request: ApiRequest[NoParams], story_id: int) -> entities.Story:
    """Mark a story seen (its author sees you among its viewers; your own looks are not counted)."""
    viewer = request.require_user()
    return serialize_stories([viewing.mark_seen(viewer, story_id)], viewer)[0]


@api_endpoint("GET", "read:statuses", returns=list[entities.StoryViewer], errors={404: "No such live story of yours"})
def story_viewers(request: ApiRequest[NoParams], story_id: int) -> list[entities.StoryViewer]:
    """Who saw your live story, and when, latest first."""
    views = viewing.viewers(request.require_user(), story_id)
    accounts = serialize_accounts([account for account, _ in views])
    return [
        {"account": account, "seen_at": timestamp(seen_at) or ""}
        for account, (_, seen_at) in zip(accounts, views, strict=True)
    ]


@api_endpoint("GET", "read:statuses", returns=list[entities.Story], errors={404: "No such account you may see"})
def account_stories(request: ApiRequest[NoParams], account_id: int) -> list[entities.Story]:
    """An account's live stories you may see, oldest first (play order), muted accounts included."""
    viewer = request.require_user()
    _, items = viewing.stories_of(viewer, account_id)
    return serialize_stories(items, viewer)


class CloseFriendsParams(Params):
    account_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_ACCOUNT_IDS)]


@api_endpoint("GET", "read:follows", returns=list[entities.Account])
def close_friend_list(request: ApiRequest[NoParams]) -> list[entities.Account]:
    """Your close friends (who see your close-friends stories), most recently added first."""
    return serialize_accounts(list(close_friends.close_friends(request.require_user())))


@api_endpoint("POST", "write:follows", params=CloseFriendsParams, returns=list[entities.Account])
def add_close_friends(request: ApiRequest[CloseFriendsParams]) -> list[entities.Account]:
    """Add accounts (`account_ids[]`) to your close friends: all of them, or none with the reason. Nobody is told."""
    owner = request.require_user()
    close_friends.add(owner, request.params.account_ids)
    return serialize_accounts(list(close_friends.close_friends(owner)))


@api_endpoint("DELETE", "write:follows", params=CloseFriendsParams, returns=list[entities.Account])
def remove_close_friends(request: ApiRequest[CloseFriendsParams]) -> list[entities.Account]:
    """Take accounts (`account_ids[]`) off your close friends; they no longer see your close-friends stories."""
    owner = request.require_user()
    close_friends.remove(owner, request.params.account_ids)
    return serialize_accounts(list(close_friends.close_friends(owner)))


def serialize_replies(found: Sequence[StoryReply]) -> list[entities.StoryReply]:
    senders = serialize_accounts([reply.sender for reply in found])
    return [
        {
            "id": str(reply.pk),
            "story_id": str(reply.story_id),
            "account": sender,
            "type": "reaction" if reply.kind == StoryReply.Kind.REACTION else "reply",
            "text": reply.text,
            "created_at": timestamp(reply.created_at) or "",
        }
        for reply, sender in zip(found, senders, strict=True)
    ]


class ReplyParams(Params):
    text: Annotated[str, Field(min_length=1, max_length=replies.MAX_TEXT_LENGTH, pattern=NOT_BLANK)]


@api_endpoint(
    "POST",
    "write:statuses",
    params=ReplyParams,
    returns=entities.StoryReply,
    errors={404: "No such live story you may see"},
)
def reply_to_story(request: ApiRequest[ReplyParams], story_id: int) -> entities.StoryReply:
    """Reply to a story (`text`): its author is notified (`story_reply`), and it reaches them as a direct message."""
    sent = replies.reply(request.require_user(), story_id, request.params.text)
    return serialize_replies([sent])[0]


class ReactionParams(Params):
    emoji: Annotated[str, Field(min_length=1, max_length=32)]


@api_endpoint(
    "POST",
    "write:statuses",
    params=ReactionParams,
    returns=entities.StoryReply,
    errors={404: "No such live story you may see"},
)
def react_to_story(request: ApiRequest[ReactionParams], story_id: int) -> entities.StoryReply:
    """React to a story with one emoji (`emoji`): its author is notified (`story_reaction`), and gets it in Direct."""
    sent = replies.react(request.require_user(), story_id, request.params.emoji)
    return serialize_replies([sent])[0]


class ReceivedParams(Params):
    max_id: Id | None = None
    limit: Annotated[int, Field(ge=1, le=80)] = 40


@api_endpoint("GET", "read:statuses", params=ReceivedParams, returns=list[entities.StoryReply])
def received_replies(request: ApiRequest[ReceivedParams]) -> list[entities.StoryReply]:
    """Replies and reactions to your stories, newest first (`max_id`, `limit` up to 80), kept after they expire."""
    params = request.params
    return serialize_replies(list(replies.received(request.require_user(), max_id=params.max_id, limit=params.limit)))
