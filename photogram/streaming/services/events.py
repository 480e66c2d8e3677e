"""What travels on a channel: a Mastodon event with its payload, and the facts a server checks per reader.

    {"event": "update", "payload": "<Status JSON>", "author": 12, "visibility": "public", "media": true}

`author` and `visibility` let the server apply the access rules to each reader as the event goes out;
`actor` is the account behind a notification; events a server acts on itself (`relations`, `kill`) never
reach clients.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

UPDATE = "update"
DELETE = "delete"
STATUS_UPDATE = "status.update"
NOTIFICATION = "notification"
FILTERS_CHANGED = "filters_changed"
CONVERSATION = "conversation"
# The reader's follows, blocks or mutes changed: the server reloads them.
RELATIONS = "relations"
# The access token was revoked: the server closes its connections.
KILL = "kill"

INTERNAL = frozenset({RELATIONS, KILL})


class Event(TypedDict):
    event: str
    payload: NotRequired[str]
    author: NotRequired[int]
    visibility: NotRequired[str]
    media: NotRequired[bool]
    mentions: NotRequired[list[int]]
    actor: NotRequired[int]
