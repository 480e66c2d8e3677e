"""Mastodon's stream names: what each needs of a token, which channel it reads, which events it keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from photogram.streaming.services import channels, events

READ_STATUSES = ("read", "read:statuses")
READ_NOTIFICATIONS = ("read", "read:notifications")

MAX_TAG_LENGTH = 100


class UnknownStream(ValueError):
    """Not a stream name Mastodon serves, or one lacking its parameter."""


class ScopeRefused(PermissionError):
    """The token lacks the scopes the stream needs."""


@dataclass(frozen=True, slots=True)
class Stream:
    """One subscription: the names a client sees in `stream`, the channel it reads, and what it keeps."""

    names: tuple[str, ...]  # ["hashtag", "cats"], ["list", "123"], ["user"]
    channel: str
    scopes: tuple[str, ...]
    unasked: bool = True  # a timeline (muted authors left out), not the reader's own notifications
    only: str | None = None  # the one event kept (user:notification)
    only_media: bool = False
    list_id: int | None = None  # to check the reader owns it

    def same_as(self, other: Stream) -> bool:
        """Whether `other` names the same stream (a tag in another case is the same tag, as in Mastodon)."""
        return self.names[0] == other.names[0] and self.channel == other.channel

    def keeps(self, event: Mapping[str, Any]) -> bool:
        if self.only is not None and event["event"] != self.only:
            return False
        return not (self.only_media and event["event"] == events.UPDATE and not event.get("media"))


def parse(name: str, user_id: int, *, tag: str | None = None, list_id: str | None = None) -> Stream:
    """Return the stream `name` (with its `tag` or `list` parameter) for the reader; raise UnknownStream."""
    if name.startswith("public"):
        return _public(name)
    if name in ("hashtag", "hashtag:local"):
        tag = (tag or "").strip().lstrip("#")
        if not tag or len(tag) > MAX_TAG_LENGTH:
            raise UnknownStream("No tag for stream provided")
        return Stream((name, tag), channels.hashtag(tag), READ_STATUSES)
    if name == "list":
        if not list_id or not list_id.isdigit() or len(list_id) > 20:
            raise UnknownStream("No list for stream provided")
        return Stream((name, list_id), channels.list_feed(int(list_id)), READ_STATUSES, list_id=int(list_id))
    personal = {
        "user": Stream(("user",), channels.user(user_id), READ_STATUSES),
        "user:notification": Stream(
            (name,), channels.user(user_id), READ_NOTIFICATIONS, unasked=False, only=events.NOTIFICATION
        ),
        "direct": Stream((name,), channels.direct(user_id), READ_STATUSES, unasked=False),
    }
    if name not in personal:
        raise UnknownStream("Unknown stream type")
    return personal[name]


def _public(name: str) -> Stream:
    if name in ("public", "public:media", "public:local", "public:local:media"):
        return Stream((name,), channels.PUBLIC, READ_STATUSES, only_media=name.endswith(":media"))
    if name in ("public:remote", "public:remote:media"):
        return Stream((name,), channels.REMOTE, READ_STATUSES, only_media=name.endswith(":media"))
    raise UnknownStream("Unknown stream type")


# The SSE paths under /api/v1/streaming/ and the stream each serves.
PATHS = {
    "user": "user",
    "user/notification": "user:notification",
    "public": "public",
    "public/local": "public:local",
    "public/remote": "public:remote",
    "hashtag": "hashtag",
    "hashtag/local": "hashtag:local",
    "list": "list",
    "direct": "direct",
}
