"""The broker's channel names: one per reader (home feed, notifications, filters, relations), one for
public posts, one per hashtag, one per list, one per reader's direct messages, one per access token, one per
signed-in browser session."""

from __future__ import annotations

import hashlib


def user(user_id: int) -> str:
    return f"user:{user_id}"


def direct(user_id: int) -> str:
    return f"direct:{user_id}"


def list_feed(list_id: int) -> str:
    return f"list:{list_id}"


def hashtag(name: str) -> str:
    return f"hashtag:{name.lower()}"


def token(token_id: int) -> str:
    return f"token:{token_id}"


def session(session_key: str) -> str:
    # A digest: channel names are listed by the broker (Redis PUBSUB CHANNELS), a session key must not be.
    return f"session:{hashlib.sha256(session_key.encode()).hexdigest()[:32]}"


PUBLIC = "public"
# Photogram does not federate: nothing is ever published here, but the stream is Mastodon's and clients open it.
REMOTE = "public:remote"
