"""What a notification is: its types, the cause that makes it unique, and the group it joins."""

from __future__ import annotations

from datetime import datetime

FOLLOW = "follow"
FOLLOW_REQUEST = "follow_request"
FAVOURITE = "favourite"
MENTION = "mention"
STATUS = "status"
UPDATE = "update"
REBLOG = "reblog"
ADMIN_SIGN_UP = "admin.sign_up"
STORY_REPLY = "story_reply"
STORY_REACTION = "story_reaction"

# Every type Mastodon defines, for the `types[]` filters: the ones never made here just match nothing.
KNOWN_TYPES = (
    MENTION,
    STATUS,
    REBLOG,
    FOLLOW,
    FOLLOW_REQUEST,
    FAVOURITE,
    "poll",
    UPDATE,
    ADMIN_SIGN_UP,
    "admin.report",
    "severed_relationships",
    "moderation_warning",
    "quote",
    "quoted_update",
)
# Photogram's own types: listed only for a request that names them in `types[]`, and neither streamed nor
# pushed as notifications, so a Mastodon client never meets a type it does not know.
EXTENSION_TYPES = (STORY_REPLY, STORY_REACTION)
# Mastodon 4.3 groups these by default (`grouped_types`); the others are one notification per group.
GROUPABLE_TYPES = (FAVOURITE, FOLLOW, REBLOG)
# Notifications from accounts no policy may hold back (Mastodon's non-filterable types).
UNFILTERABLE_TYPES = (UPDATE, ADMIN_SIGN_UP, "admin.report", "poll")


def cause(type_: str, from_account_id: int, status_id: int | None = None, *, revision: int | None = None) -> str:
    """Return the key that makes one notification per cause: a second like of a post by one person is the
    same cause, an edit is a new one per revision (and a story reply one per reply: its id)."""
    parts = [type_, str(from_account_id), str(status_id or "")]
    if revision is not None:
        parts.append(str(revision))
    return ":".join(parts)


def group_key(type_: str, status_id: int | None, created_at: datetime, notification_id: int) -> str:
    """Return the group a new notification joins: likes of one post, and follows, on one UTC day together."""
    if type_ in GROUPABLE_TYPES:
        target = f"-{status_id}" if status_id else ""
        return f"{type_}{target}-{created_at.date().isoformat()}"
    return ungrouped(notification_id)


def ungrouped(notification_id: int) -> str:
    """Return the key of a group holding only one notification."""
    return f"ungrouped-{notification_id}"
