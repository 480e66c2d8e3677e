"""The broker's channel names: one per reader (home feed, notifications, filters, relations), one for
public posts, one per hashtag, one per list, one per reader's direct messages, one per access token."""

from __future__ import annotations


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


PUBLIC = "public"
# Photogram does not federate: nothing is ever published here, but the stream is Mastodon's and clients open it.
REMOTE = "public:remote"
